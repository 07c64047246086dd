package dev.latchkey.collector.oauth.connect;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Binds a connect to the browser that started it. The connect's answer sets a cookie
 * holding a random browser key; the state is stored with the key's hash, and the callback
 * is accepted only with the same cookie. An attacker who starts a connect and makes a
 * victim's browser finish it (so that the victim's account lands in the attacker's
 * tenant) fails: the victim's browser does not hold the attacker's key.
 * <p>
 * Over https the cookie is {@code __Host-latchkey-connect} ({@code Secure},
 * {@code Path=/}, no {@code Domain}: only this host can set or read it). Browsers refuse
 * {@code Secure} cookies over plain http (localhost aside), so when the collector's
 * public URL is http the cookie is {@code latchkey-connect}, host-only and without
 * {@code Secure}. Always {@code HttpOnly} and {@code SameSite=Lax}: it travels on the
 * platform's top-level redirect to the callback, never on cross-site subrequests.
 */
final class BrowserBinding {

	static final String SECURE_NAME = "__Host-latchkey-connect";

	static final String PLAIN_NAME = "latchkey-connect";

	/** A key as {@link Pkce#random256()} makes it: 256 bits, base64url. */
	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final boolean secure;

	private final Duration maxAge;

	/**
	 * @param publicBaseUrl the collector's public base URL (the redirect base)
	 * @param maxAge how long a connect may take (the state's lifetime)
	 */
	BrowserBinding(String publicBaseUrl, Duration maxAge) {
		this.secure = publicBaseUrl.regionMatches(true, 0, "https:", 0, 6);
		this.maxAge = maxAge;
	}

	String cookieName() {
		return this.secure ? SECURE_NAME : PLAIN_NAME;
	}

	/** The browser's key from its cookie, or {@code null} when it sent none (or junk). */
	String keyOf(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(cookieName());
		return (cookie != null && KEY.matcher(cookie.getValue()).matches()) ? cookie.getValue() : null;
	}

	/** The cookie that gives the browser its key, renewed for the whole connect. */
	ResponseCookie cookie(String key) {
		return ResponseCookie.from(cookieName(), key)
			.path("/")
			.maxAge(this.maxAge)
			.secure(this.secure)
			.httpOnly(true)
			.sameSite("Lax")
			.build();
	}

}
