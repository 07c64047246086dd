package dev.latchkey.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 bearer tokens for any tenant, signed with the embedded default's development
 * secret ({@code <LATCHKEY_HOME>/keys/jwt-hmac-secret.txt}), with the claims
 * web-security's {@code DevTokens} puts in: {@code tenant_id}, {@code sub}, {@code iss},
 * {@code aud}, {@code iat}, {@code exp}. Written out here so that the bench jar carries
 * no Spring Security, which would secure the bare endpoint too.
 */
public final class BearerTokens {

	/** {@code DevTokens.ISSUER}, which the embedded default's services accept. */
	static final String ISSUER = "latchkey-dev";

	/** {@code DevTokens.AUDIENCE}. */
	static final String AUDIENCE = "latchkey";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final byte[] secret;

	public BearerTokens(String hmacSecret) {
		this.secret = hmacSecret.strip().getBytes(StandardCharsets.UTF_8);
	}

	public String mint(String tenantId, Duration validity) {
		if (!tenantId.matches("[A-Za-z0-9_.-]+")) {
			throw new IllegalArgumentException("tenant ids of the bench are plain: " + tenantId);
		}
		long now = Instant.now().getEpochSecond();
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"tenant_id\":\"" + tenantId + "\",\"sub\":\"bench@" + tenantId + "\",\"iss\":\""
				+ ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + validity.toSeconds())
				+ "}");
		String signingInput = header + "." + claims;
		return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
	}

	private byte[] sign(String signingInput) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	private static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
