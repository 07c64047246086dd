package dev.latchkey.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.integration.awskms.AwsKmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;

/**
 * Key-encryption keys that never leave a cloud KMS, named by Tink key URIs:
 * {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>} (Tink's AWS KMS extension) or
 * {@code gcp-kms://projects/
 *
<p>
 * /locations/<l>/keyRings/<r>/cryptoKeys/<k>} (Tink's Google Cloud KMS extension). The
 * AEAD returned sends every encrypt and decrypt to the KMS. Another scheme is looked up
 * among the clients registered with Tink's {@link KmsClients} in this JVM: that is how
 * tests plug in a fake KMS.
 * <p>
 * The cloud SDKs are optional dependencies of this module, so that services which never
 * use a KMS do not carry them: a service that does declares {@code tink-awskms} and
 * {@code tink-gcpkms} itself.
 */
public final class KmsKeys {

	public static final String AWS_PREFIX = "aws-kms://";

	public static final String GCP_PREFIX = "gcp-kms://";

	private static final String AWS_V1_NOTICE_ENV = "AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT";

	private static final String AWS_V1_NOTICE_PROPERTY = "aws.java.v1.disableDeprecationAnnouncement";

	private KmsKeys() {
	}

	/**
	 * The AEAD of a KMS key.
	 * @param what a name for error messages, e.g. the property that holds the key URI
	 * @param keyUri {@code aws-kms://…}, {@code gcp-kms://…} or a scheme registered with
	 * {@link KmsClients}
	 * @param credentialsFile AWS: a properties file with {@code accessKey} and
	 * {@code secretKey}; Google Cloud: a service account key (JSON); {@code null}: the
	 * SDK's default credentials discovery
	 */
	public static Aead aead(String what, String keyUri, Path credentialsFile) {
		if (keyUri == null || keyUri.isBlank()) {
			throw new SealingException(what + " is not configured: set the KMS key URI");
		}
		String uri = keyUri.strip();
		if (credentialsFile != null && !Files.isReadable(credentialsFile)) {
			throw new SealingException(
					what + ": KMS credentials file " + credentialsFile + " does not exist or is not readable");
		}
		KmsClient client = clientFor(what, uri);
		try {
			KmsClient authenticated = (credentialsFile != null) ? client.withCredentials(credentialsFile.toString())
					: client.withDefaultCredentials();
			return authenticated.getAead(uri);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new SealingException(what + ": cannot use KMS key " + shown(uri) + ": " + causes(ex), ex);
		}
	}

	private static KmsClient clientFor(String what, String uri) {
		String lower = uri.toLowerCase(Locale.ROOT);
		if (lower.startsWith(AWS_PREFIX)) {
			try {
				return awsClient(uri);
			}
			catch (NoClassDefFoundError ex) {
				throw new SealingException(what + ": this build has no AWS KMS client (tink-awskms)", ex);
			}
		}
		if (lower.startsWith(GCP_PREFIX)) {
			try {
				return gcpClient(uri);
			}
			catch (NoClassDefFoundError ex) {
				throw new SealingException(what + ": this build has no Google Cloud KMS client (tink-gcpkms)", ex);
			}
		}
		try {
			return KmsClients.get(uri);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException(
					what + " must start with " + AWS_PREFIX + " or " + GCP_PREFIX + ", not " + shown(uri), ex);
		}
	}

	// Apart, so that a missing SDK surfaces as NoClassDefFoundError here and nowhere
	// else.
	private static KmsClient awsClient(String uri) {
		// Tink's AWS extension is built on the AWS SDK for Java 1.x, which logs its
		// end-of-support notice with a stack trace when the first client is built: noise
		// that reads like a failure in the vault's log. The vault README says it instead.
		if (System.getenv(AWS_V1_NOTICE_ENV) == null && System.getProperty(AWS_V1_NOTICE_PROPERTY) == null) {
			System.setProperty(AWS_V1_NOTICE_PROPERTY, "true");
		}
		return new AwsKmsClient(uri);
	}

	private static KmsClient gcpClient(String uri) {
		return new GcpKmsClient(uri);
	}

	/**
	 * AWS and Google Cloud key URIs are resource names; any other scheme is shown by its
	 * scheme alone, since some (Tink's own fake) carry key material.
	 */
	private static String shown(String uri) {
		String lower = uri.toLowerCase(Locale.ROOT);
		if (lower.startsWith(AWS_PREFIX) || lower.startsWith(GCP_PREFIX)) {
			return uri;
		}
		int scheme = uri.indexOf("://");
		return (scheme > 0) ? uri.substring(0, scheme + 3) + "…" : "(a value that is not a key URI)";
	}

	/**
	 * The messages along a cause chain, such as {@code decryption failed: User … is not
	 * authorized to perform: kms:Decrypt …}: the KMS's own words say what went wrong.
	 * They name keys and principals, never key material.
	 */
	static String causes(Throwable failure) {
		Set<String> messages = new LinkedHashSet<>();
		for (Throwable cause = failure; cause != null && messages.size() < 4; cause = cause.getCause()) {
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				messages.add(cause.getMessage().strip());
			}
			else {
				messages.add(cause.getClass().getSimpleName());
			}
		}
		return String.join(": ", messages);
	}

}
