package dev.latchkey.collector.oauth;

import java.net.URI;

import dev.latchkey.websecurity.TenantId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/integrations/{provider}/connect} (bearer; tenant from the token) and
 * {@code GET /oauth/{provider}/callback} (open: the platform redirects the browser here;
 * the one-time state is the authentication).
 */
@RestController
class OAuthController {

	private final OAuthService oauth;

	OAuthController(OAuthService oauth) {
		this.oauth = oauth;
	}

	@PostMapping(path = "/api/integrations/{provider}/connect", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Connect> connect(TenantId tenant, @PathVariable String provider,
			@RequestBody(required = false) ConnectRequest request) {
		ConnectRequest body = (request != null) ? request : new ConnectRequest(null, null);
		return this.oauth.connect(tenant.value(), provider, body.name(), body.returnUrl())
			.map((uri) -> new Connect(uri.toString()));
	}

	@GetMapping("/oauth/{provider}/callback")
	Mono<ResponseEntity<Void>> callback(@PathVariable String provider, @RequestParam(required = false) String code,
			@RequestParam(required = false) String state, @RequestParam(required = false) String error) {
		return this.oauth.callback(provider, code, state, error)
			.map((URI back) -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).build());
	}

	record ConnectRequest(String name, String returnUrl) {
	}

	record Connect(String authorizeUrl) {
	}

}
