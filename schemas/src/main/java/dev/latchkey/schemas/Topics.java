package dev.latchkey.schemas;

/**
 * Names of every Latchkey topic. Record keys are the integration id, so one integration's
 * events stay in order on one partition.
 */
public final class Topics {

	/** {@link CredentialReceived}, collector → vault. */
	public static final String CREDENTIAL_RECEIVED = "latchkey.credential-received";

	/** {@link IntegrationStatusChanged}, vault → everyone. Compacted. */
	public static final String INTEGRATION_STATUS = "latchkey.integration-status";

	/** {@link ScanCompleted}, scanner → vault. */
	public static final String SCAN_COMPLETED = "latchkey.scan-completed";

	/** {@link TokenRefreshFailed}, collector → vault. */
	public static final String TOKEN_REFRESH_FAILED = "latchkey.token-refresh-failed";

	/** {@link ConnectFailed}, collector → vault. */
	public static final String CONNECT_FAILED = "latchkey.connect-failed";

	/** Suffix of the dead-letter topic of each consumed topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	private Topics() {
	}

	public static String deadLetterOf(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
