package dev.latchkey.kafka;

import java.util.List;

/**
 * Failures a service declares final for the record that caused them (a sealed payload
 * that does not open, an event that contradicts what is stored): such a record is
 * dead-lettered at once. Declare one bean per service; records that cannot be read are
 * poison without being declared, and every other failure is waited out.
 *
 * @param failures exception types, matched against the failure and its causes
 */
public record PoisonRecords(List<Class<? extends Throwable>> failures) {

	public PoisonRecords {
		failures = List.copyOf(failures);
	}

	@SafeVarargs
	public static PoisonRecords of(Class<? extends Throwable>... failures) {
		return new PoisonRecords(List.of(failures));
	}

}
