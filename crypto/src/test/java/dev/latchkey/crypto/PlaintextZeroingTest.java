package dev.latchkey.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The typed sealing API zeroes the plaintext it encodes or decrypts before it returns,
 * and keeps the wire format every sealed and stored secret already has.
 */
class PlaintextZeroingTest {

	private final SecretFields secret = SecretFields.of(Map.of("api_key", "sk_canary_123", "refresh_token", "rt"));

	@Test
	void seal_zeroesTheEncodedPlaintextItHandedToTheCipher() {
		AtomicReference<byte[]> seen = new AtomicReference<>();
		AtomicReference<byte[]> copyWhileSealing = new AtomicReference<>();
		HybridEncrypt cipher = (plaintext, contextInfo) -> {
			seen.set(plaintext);
			copyWhileSealing.set(plaintext.clone());
			return new byte[] { 42 };
		};

		new HpkeSealer(cipher).seal(this.secret, AssociatedData.forSubmission("t", "i", "e"));

		assertThat(SecretFields.decode(copyWhileSealing.get())).isEqualTo(this.secret);
		assertThat(seen.get()).containsOnly(0);
	}

	@Test
	void open_zeroesTheDecryptedPlaintextOnceDecoded() {
		byte[] decrypted = this.secret.encode();
		HybridDecrypt cipher = (ciphertext, contextInfo) -> decrypted;

		SecretFields opened = new HpkeOpener(cipher).open(new byte[] { 42 },
				AssociatedData.forSubmission("t", "i", "e"));

		assertThat(opened).isEqualTo(this.secret);
		assertThat(decrypted).containsOnly(0);
	}

	@Test
	void open_zeroesTheDecryptedPlaintextEvenWhenItIsMalformed() {
		byte[] decrypted = { 1, 0, 0, 0, 1, 0, 9, 'a' };
		HybridDecrypt cipher = (ciphertext, contextInfo) -> decrypted;

		assertThatThrownBy(() -> new HpkeOpener(cipher).open(new byte[] { 42 }, AssociatedData.of("test")))
			.isInstanceOf(SealingException.class);
		assertThat(decrypted).containsOnly(0);
	}

	@Test
	void encode_isTheWireFormatOfDataOutputStream_forEveryKindOfCharacter() throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("ascii", "demo_live_0123456789");
		values.put("nul", "a\0b");
		values.put("latin", "café");
		values.put("euro", "10€");
		values.put("emoji", "key 😀");
		values.put("empty", "");

		byte[] encoded = SecretFields.of(values).encode();

		assertThat(encoded).isEqualTo(asDataOutputStreamWrites(values));
		assertThat(SecretFields.decode(encoded)).isEqualTo(SecretFields.of(values));
	}

	@Test
	void decode_refusesTruncatedOrForeignBytes() {
		byte[] encoded = this.secret.encode();
		byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);

		assertThatThrownBy(() -> SecretFields.decode(truncated)).isInstanceOf(SealingException.class);
		assertThatThrownBy(() -> SecretFields.decode(new byte[] { 2, 0, 0, 0, 0 }))
			.isInstanceOf(SealingException.class);
		assertThatThrownBy(() -> SecretFields.decode(new byte[0])).isInstanceOf(SealingException.class);
	}

	/** The format as it was written before: sorted by name, then writeUTF. */
	private static byte[] asDataOutputStreamWrites(Map<String, String> values) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeInt(values.size());
			for (Map.Entry<String, String> entry : new java.util.TreeMap<>(values).entrySet()) {
				out.writeUTF(entry.getKey());
				out.writeUTF(entry.getValue());
			}
		}
		return bytes.toByteArray();
	}

}
