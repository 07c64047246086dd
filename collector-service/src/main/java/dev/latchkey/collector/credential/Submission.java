package dev.latchkey.collector.credential;

import java.util.Map;

/**
 * What the user pasted for one provider. Field values may be secrets: this type never
 * prints them.
 */
record Submission(String name, Map<String, String> fields, String scanEvery) {

	Submission(String name, Map<String, String> fields) {
		this(name, fields, null);
	}

	@Override
	public String toString() {
		return "Submission[name=" + this.name + ", fields=" + ((this.fields != null) ? this.fields.keySet() : "none")
				+ " (values redacted), scanEvery=" + this.scanEvery + "]";
	}

}
