package dev.latchkey.collector.oauth.connect;

import java.util.List;

import dev.latchkey.collector.oauth.OAuthRefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReturnUrlsTest {

	private final ReturnUrls urls = new ReturnUrls(
			List.of("http://localhost:8083/integrations", "https://app.example.com/settings/"));

	@Test
	void aUrlAtOrBelowAnAllowedEntryIsKept_andNoneMeansTheFirstEntry() {
		assertThat(this.urls.resolve(null)).isEqualTo("http://localhost:8083/integrations");
		assertThat(this.urls.resolve("http://localhost:8083/integrations"))
			.isEqualTo("http://localhost:8083/integrations");
		assertThat(this.urls.resolve("http://LOCALHOST:8083/integrations/done?x=1"))
			.isEqualTo("http://LOCALHOST:8083/integrations/done?x=1");
		assertThat(this.urls.resolve("https://app.example.com:443/settings/oauth"))
			.isEqualTo("https://app.example.com:443/settings/oauth");
	}

	@Test
	void anythingElseIsRefused() {
		for (String evil : List.of("https://evil.example/", "http://localhost:8083.evil.example/integrations",
				"http://localhost:8083@evil.example/integrations", "http://user@localhost:8083/integrations",
				"http://localhost:9999/integrations", "//evil.example", "http://localhost:8083/integrationsx",
				"http://localhost:8083/integrations/../admin", "https://localhost:8083/integrations",
				"http://localhost:8083/integrations#frag", "javascript:alert(1)", "not a url")) {
			assertThatExceptionOfType(OAuthRefusedException.class).as(evil)
				.isThrownBy(() -> this.urls.resolve(evil))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(OAuthRefusedException.Kind.INVALID_REQUEST));
		}
	}

}
