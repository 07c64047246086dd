package dev.latchkey.scanner.probe;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-provider replacements of the catalogue's probe base URL, e.g. to point the demo
 * provider at a locally running platform.
 *
 * @param baseUrls provider id → base URL; a blank value means no override
 */
@ConfigurationProperties("latchkey.catalogue")
public record CatalogueProperties(@DefaultValue Map<String, String> baseUrls) {

	String baseUrlOf(String provider) {
		String url = this.baseUrls.get(provider);
		return (url != null && !url.isBlank()) ? url : null;
	}

}
