package dev.latchkey.crypto;

import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;

/**
 * Signs requests to the vault's internal API with a consumer's private signature keyset
 * (Tink, {@link Keysets#SIGNATURE_TEMPLATE}); the vault verifies them with the public
 * half it has registered for that consumer. The signature names the key (Tink's key-id
 * prefix), so a consumer's keyset can hold a new key and an old one during a rotation.
 */
public final class RequestSigner {

	private final PublicKeySign sign;

	public RequestSigner(KeysetHandle privateKeyset) {
		try {
			this.sign = privateKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Not a private signature keyset", ex);
		}
	}

	/**
	 * The signature as unpadded base64url, for {@link SignedRequest#SIGNATURE_HEADER}.
	 */
	public String sign(SignedRequest request) {
		try {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(this.sign.sign(request.bytes()));
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot sign " + request, ex);
		}
	}

}
