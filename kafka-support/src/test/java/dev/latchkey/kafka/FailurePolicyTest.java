package dev.latchkey.kafka;

import java.net.ConnectException;
import java.util.List;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {

	private final FakeRegistry registry = new FakeRegistry();

	private final FailurePolicy policy = new FailurePolicy(List.of(SealedPayloadDoesNotOpen.class), this.registry);

	@Test
	void bytesNotInTheWireFormat_arePoison_withoutAskingTheRegistry() {
		this.registry.answer = SchemaLookup.Answer.UNAVAILABLE;

		assertThat(this.policy.isPoison(unreadable("definitely not avro".getBytes()))).isTrue();
		assertThat(this.policy.isPoison(unreadable(new byte[] { 0, 1 }))).isTrue();
	}

	@Test
	void aSchemaIdTheRegistryDoesNotKnow_isPoison() {
		this.registry.answer = SchemaLookup.Answer.NOT_FOUND;

		assertThat(this.policy.isPoison(unreadable(wireFormat(987)))).isTrue();
		assertThat(this.registry.askedFor).isEqualTo(987);
	}

	@Test
	void bytesThatDoNotDecodeWithASchemaTheRegistryHas_arePoison() {
		this.registry.answer = SchemaLookup.Answer.FOUND;

		assertThat(this.policy.isPoison(unreadable(wireFormat(3)))).isTrue();
	}

	@Test
	void recordsWhoseSchemaCannotBeFetched_waitForTheRegistry() {
		this.registry.answer = SchemaLookup.Answer.UNAVAILABLE;

		assertThat(this.policy.isPoison(unreadable(wireFormat(3)))).isFalse();
	}

	@Test
	void declaredFailures_arePoison_evenBehindTheListenerWrapper() {
		assertThat(this.policy.isPoison(listenerFailed(new SealedPayloadDoesNotOpen()))).isTrue();
	}

	@Test
	void dependenciesThatDoNotAnswer_areWaitedOut() {
		assertThat(this.policy.isPoison(listenerFailed(new TimeoutException("broker")))).isFalse();
		assertThat(this.policy.isPoison(listenerFailed(new IllegalStateException("Timeout on blocking read"))))
			.isFalse();
	}

	@Test
	void aDeclaredFailureCausedByAnOutage_isWaitedOut() {
		assertThat(
				this.policy.isPoison(listenerFailed(new SealedPayloadDoesNotOpen(new ConnectException("key service")))))
			.isFalse();
	}

	@Test
	void unclassifiedFailures_areWaitedOut_neverSkipped() {
		assertThat(this.policy.isPoison(listenerFailed(new NullPointerException()))).isFalse();
	}

	@Test
	void reason_namesTheFailureBehindTheListenerWrapper_andItsRootCause() {
		Exception failure = listenerFailed(
				new SealedPayloadDoesNotOpen(new java.security.GeneralSecurityException("decryption failed")));

		assertThat(FailurePolicy.reason(failure)).isEqualTo(SealedPayloadDoesNotOpen.class.getName()
				+ ": submission[t1, int_a, e1] (root cause java.security.GeneralSecurityException)");
	}

	@Test
	void reason_isOneBoundedLine() {
		assertThat(FailurePolicy.reason(new IllegalStateException("x\n".repeat(2000)))).hasSize(500)
			.doesNotContain("\n");
	}

	private static Exception unreadable(byte[] data) {
		return new ListenerExecutionFailedException("Listener failed",
				new DeserializationException("failed to deserialize", data, false, new RuntimeException()));
	}

	private static byte[] wireFormat(int contentId) {
		return java.nio.ByteBuffer.allocate(8).put((byte) 0).putInt(contentId).put(new byte[] { 1, 2, 3 }).array();
	}

	private static Exception listenerFailed(Throwable cause) {
		return new ListenerExecutionFailedException("Listener method threw", cause);
	}

	static class FakeRegistry extends SchemaLookup {

		SchemaLookup.Answer answer = SchemaLookup.Answer.FOUND;

		long askedFor = -1;

		FakeRegistry() {
			super("http://registry.invalid", java.time.Duration.ofSeconds(1));
		}

		@Override
		Answer contentId(long id) {
			this.askedFor = id;
			return this.answer;
		}

	}

	static class SealedPayloadDoesNotOpen extends RuntimeException {

		SealedPayloadDoesNotOpen() {
			super("submission[t1, int_a, e1]");
		}

		SealedPayloadDoesNotOpen(Throwable cause) {
			super("submission[t1, int_a, e1]", cause);
		}

	}

}
