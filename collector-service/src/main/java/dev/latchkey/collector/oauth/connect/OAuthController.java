package dev.latchkey.collector.oauth.connect;

import java.net.URI;

import dev.latchkey.collector.oauth.OAuthProperties;
import dev.latchkey.websecurity.TenantId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/integrations/{provider}/connect} (bearer; tenant from the token) and
 * {@code GET /oauth/{provider}/callback} (open: the platform redirects the browser here;
 * the one-time state, in the browser that started the connect, is the authentication).
 * <p>
 * The connect's JSON answer also sets the browser-binding cookie
 * ({@link BrowserBinding}): a page on another origin calls it with {@code fetch(…,
 * {credentials: 'include'})}, which the collector's CORS allows for this path, and the
 * browser sends the cookie back when the platform redirects it to the callback.
 */
@RestController
class OAuthController {

	private final OAuthService oauth;

	private final BrowserBinding binding;

	OAuthController(OAuthService oauth, OAuthProperties properties) {
		this.oauth = oauth;
		this.binding = new BrowserBinding(properties.redirectBaseUrl(), properties.stateTtl());
	}

	@PostMapping(path = "/api/integrations/{provider}/connect", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Connect>> connect(TenantId tenant, @PathVariable String provider,
			@RequestBody(required = false) ConnectRequest request, ServerHttpRequest http) {
		ConnectRequest body = (request != null) ? request : new ConnectRequest(null, null);
		return this.oauth.connect(tenant.value(), provider, body.name(), body.returnUrl(), this.binding.keyOf(http))
			.map((started) -> ResponseEntity.ok()
				.header(HttpHeaders.SET_COOKIE, this.binding.cookie(started.browserKey()).toString())
				// The cookie is this browser's: no shared cache may keep the answer.
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.body(new Connect(started.authorizeUrl().toString())));
	}

	@GetMapping("/oauth/{provider}/callback")
	Mono<ResponseEntity<Void>> callback(@PathVariable String provider, @RequestParam(required = false) String code,
			@RequestParam(required = false) String state, @RequestParam(required = false) String error,
			ServerHttpRequest http) {
		return this.oauth.callback(provider, code, state, error, this.binding.keyOf(http))
			.map((URI back) -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).build());
	}

	record ConnectRequest(String name, String returnUrl) {
	}

	record Connect(String authorizeUrl) {
	}

}
