package dev.latchkey.schemas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

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

	/** {@link ScanRequested}, collector → scanner: scan this integration now. */
	public static final String SCAN_REQUESTED = "latchkey.scan-requested";

	/** Suffix of the dead-letter topic of each consumed topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/**
	 * Partitions of each new topic unless configured otherwise: the most consumer
	 * instances of one group that can share a topic's work. Twelve divide evenly among 1,
	 * 2, 3, 4 and 6 instances and cost the broker little; they are set when a topic is
	 * created and never changed by Latchkey afterwards (adding partitions would move keys
	 * and break their order).
	 */
	public static final int DEFAULT_PARTITIONS = 12;

	private Topics() {
	}

	public static String deadLetterOf(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

	/**
	 * Every topic Latchkey uses, each consumed one followed by its dead-letter topic: the
	 * one list from which the services and the embedded default create them.
	 */
	public static List<Declaration> declarations() {
		List<Declaration> declarations = new ArrayList<>();
		for (Declaration topic : List.of(new Declaration(CREDENTIAL_RECEIVED, false),
				new Declaration(INTEGRATION_STATUS, true), new Declaration(SCAN_COMPLETED, false),
				new Declaration(TOKEN_REFRESH_FAILED, false), new Declaration(CONNECT_FAILED, false),
				new Declaration(SCAN_REQUESTED, false))) {
			declarations.add(topic);
			declarations.add(new Declaration(deadLetterOf(topic.name()), false, true));
		}
		return List.copyOf(declarations);
	}

	/**
	 * The value schema of each topic that carries events, dead-letter topics included (a
	 * dead letter that could be read is sent on as the event it was). What the operator's
	 * {@code register-schemas} registers where producers may not register schemas
	 * themselves.
	 */
	public static Map<String, Schema> valueSchemas() {
		Map<String, Schema> events = Map.of(CREDENTIAL_RECEIVED, CredentialReceived.getClassSchema(),
				INTEGRATION_STATUS, IntegrationStatusChanged.getClassSchema(), SCAN_COMPLETED,
				ScanCompleted.getClassSchema(), TOKEN_REFRESH_FAILED, TokenRefreshFailed.getClassSchema(),
				CONNECT_FAILED, ConnectFailed.getClassSchema(), SCAN_REQUESTED, ScanRequested.getClassSchema());
		Map<String, Schema> schemas = new LinkedHashMap<>();
		for (Declaration topic : declarations()) {
			String carried = topic.deadLetter()
					? topic.name().substring(0, topic.name().length() - DEAD_LETTER_SUFFIX.length()) : topic.name();
			schemas.put(topic.name(), events.get(carried));
		}
		return schemas;
	}

	/**
	 * One topic as Latchkey declares it.
	 *
	 * @param name the topic name
	 * @param compacted whether the broker keeps only the latest record per key (the
	 * status topic: a tombstone deletes an integration)
	 * @param deadLetter whether it is a dead-letter topic: one partition, as nothing
	 * consumes it at a rate
	 */
	public record Declaration(String name, boolean compacted, boolean deadLetter) {

		public Declaration(String name, boolean compacted) {
			this(name, compacted, false);
		}

		/** Partitions to create it with when topics get {@code configured}. */
		public int partitions(int configured) {
			return this.deadLetter ? 1 : configured;
		}

	}

}
