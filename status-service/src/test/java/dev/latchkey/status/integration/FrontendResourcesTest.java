package dev.latchkey.status.integration;

import dev.latchkey.websecurity.TenantSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The JavaScript module and the page are open to anyone and carry no credential. */
@WebFluxTest(controllers = StatusController.class,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE })
@ImportAutoConfiguration(TenantSecurityAutoConfiguration.class)
@Import(WebTestSupport.CaughtUpView.class)
class FrontendResourcesTest {

	@Autowired
	WebTestClient client;

	@Test
	void theModule_isServedAsJavaScriptWithoutAToken() {
		String module = open("/latchkey-status.js", "javascript");

		assertThat(module).contains("export function watchIntegrations", "'reauth_required'", "If-None-Match",
				"Last-Event-ID");
	}

	@Test
	void theModuleAndThePage_holdNoCredential() {
		for (String path : new String[] { "/latchkey-status.js", "/latchkey-integrations.js", "/status-page.js",
				"/" }) {
			String text = open(path, (path.endsWith(".js")) ? "javascript" : "html");

			assertThat(text).doesNotContain(WebTestSupport.JWT_SECRET)
				.doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}")
				.doesNotContainPattern("(?i)(api_key|secret|password)\\s*[:=]\\s*['\"][^'\"]+['\"]");
		}
	}

	@Test
	void theComponent_isServedAsJavaScriptWithoutAToken() {
		assertThat(open("/latchkey-integrations.js", "javascript"))
			.contains("customElements.define('latchkey-integrations'", "new-password");
	}

	@Test
	void thePage_isServedAtTheRoot() {
		assertThat(open("/", "html")).contains("<script type=\"module\" src=\"status-page.js\"></script>");
	}

	private String open(String path, String subtype) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(MediaType.parseMediaType(type).getSubtype()).contains(subtype))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
