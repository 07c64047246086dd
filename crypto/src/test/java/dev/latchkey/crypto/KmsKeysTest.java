package dev.latchkey.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The KMS clients are chosen and given their credentials without any call to a KMS: no
 * test here reaches a network.
 */
class KmsKeysTest {

	private static final String WHAT = "the.kms-key-uri";

	@Test
	void aead_ofAnAwsKeyUri_isTinksAwsKmsAead(@TempDir Path dir) throws IOException {
		Path credentials = Files.writeString(dir.resolve("aws.properties"),
				"accessKey=AKIAEXAMPLEEXAMPLE00\nsecretKey=not-a-real-secret\n");

		Aead aead = KmsKeys.aead(WHAT,
				"aws-kms://arn:aws:kms:eu-west-1:111122223333:key/" + "1234abcd-12ab-34cd-56ef-1234567890ab",
				credentials);

		assertThat(aead.getClass().getName()).isEqualTo("com.google.crypto.tink.integration.awskms.AwsKmsAead");
	}

	@Test
	void aead_ofAGoogleCloudKeyUri_isTinksGcpKmsAead(@TempDir Path dir) throws Exception {
		Path credentials = Files.writeString(dir.resolve("service-account.json"), aServiceAccountKey());

		Aead aead = KmsKeys.aead(WHAT,
				"gcp-kms://projects/latchkey-test/locations/europe-west1/keyRings/vault/cryptoKeys/root", credentials);

		assertThat(aead.getClass().getName()).isEqualTo("com.google.crypto.tink.integration.gcpkms.GcpKmsAead");
	}

	@Test
	void aead_ofARegisteredScheme_comesFromThatClient() throws Exception {
		String key = FakeKms.newKey();

		Aead aead = KmsKeys.aead(WHAT, key, null);

		byte[] associatedData = AssociatedData.forRootKeyset().bytes();
		assertThat(aead.decrypt(aead.encrypt(new byte[] { 1, 2, 3 }, associatedData), associatedData))
			.containsExactly(1, 2, 3);
		assertThat(FakeKms.calls(key)).isEqualTo(2);
	}

	@Test
	void aead_failsForAnUnknownScheme_namingWhatWithoutEchoingTheUri() {
		assertThatThrownBy(() -> KmsKeys.aead(WHAT, "vault-kms://c2VjcmV0LWtleS1tYXRlcmlhbA", null))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("aws-kms://")
			.hasMessageContaining("gcp-kms://")
			.hasMessageNotContaining("c2VjcmV0");
	}

	@Test
	void aead_failsWithoutAUri_namingWhat() {
		assertThatThrownBy(() -> KmsKeys.aead(WHAT, " ", null)).isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("not configured");
	}

	@Test
	void aead_failsForAMissingCredentialsFile_namingIt() {
		assertThatThrownBy(() -> KmsKeys.aead(WHAT, "aws-kms://arn:aws:kms:eu-west-1:111122223333:key/k",
				Path.of("/nonexistent/aws.properties")))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("/nonexistent/aws.properties");
	}

	@Test
	void aead_failsForAMalformedAwsKeyUri_namingWhat(@TempDir Path dir) throws IOException {
		Path credentials = Files.writeString(dir.resolve("aws.properties"), "accessKey=a\nsecretKey=b\n");

		assertThatThrownBy(() -> KmsKeys.aead(WHAT, "aws-kms://not-an-arn", credentials))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("aws-kms://not-an-arn");
	}

	/** A service account key as Google Cloud issues it, with a throwaway RSA key. */
	private static String aServiceAccountKey() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		// One line of base64 between the markers: JSON keeps "\\n" as the line breaks.
		String pem = "-----BEGIN PRIVATE KEY-----\\n"
				+ Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\\n-----END PRIVATE KEY-----\\n";
		return """
				{
				  "type": "service_account",
				  "project_id": "latchkey-test",
				  "private_key_id": "0123456789abcdef",
				  "private_key": "%s",
				  "client_email": "vault@latchkey-test.iam.gserviceaccount.com",
				  "client_id": "123456789012345678901",
				  "token_uri": "https://oauth2.googleapis.com/token"
				}
				""".formatted(pem);
	}

}
