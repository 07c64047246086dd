package dev.latchkey.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The trace a record carries: the W3C {@code traceparent} header that observed templates
 * write. For work that outlives its listener (kept with what the record made due, and
 * continued when that work runs).
 */
public final class RecordTrace {

	/** The header's name (W3C Trace Context). */
	public static final String TRACEPARENT = "traceparent";

	private RecordTrace() {
	}

	/** The record's {@code traceparent}, or {@code null} when it has none. */
	public static String traceparent(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(TRACEPARENT);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
