package dev.latchkey.crypto;

import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;

/**
 * Verifies what a {@link RequestSigner} signed, with the public signature keyset
 * registered for one consumer.
 */
public final class RequestVerifier {

	private final PublicKeyVerify verify;

	public RequestVerifier(KeysetHandle publicKeyset) {
		try {
			this.verify = publicKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not a public signature keyset", ex);
		}
	}

	/**
	 * Whether {@code signature} (unpadded base64url) is this consumer's signature of
	 * exactly this request. Never throws for a bad signature: it is just not one.
	 */
	public boolean verifies(SignedRequest request, String signature) {
		if (signature == null || signature.isEmpty()) {
			return false;
		}
		try {
			this.verify.verify(Base64.getUrlDecoder().decode(signature), request.bytes());
			return true;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

}
