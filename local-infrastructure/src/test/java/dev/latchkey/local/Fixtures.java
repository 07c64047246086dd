package dev.latchkey.local;

final class Fixtures {

	private Fixtures() {
	}

	static String aLiveDemoKey() {
		return DemoPlatform.LIVE_KEY_PREFIX + "4f2a9c71e0b84d3b";
	}

}
