package dev.latchkey.collector.provider;

import java.util.List;

import dev.latchkey.catalogue.Field;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/providers}: what a form needs to ask for each provider's credential.
 */
@RestController
class ProviderController {

	private final Providers providers;

	ProviderController(ProviderCatalogue catalogue) {
		this.providers = new Providers(catalogue.all().stream().map(ProviderView::of).toList());
	}

	@GetMapping("/api/providers")
	Providers providers() {
		return this.providers;
	}

	record Providers(List<ProviderView> providers) {
	}

	record ProviderView(String id, String displayName, String authMode, List<FieldView> fields) {

		static ProviderView of(Provider provider) {
			return new ProviderView(provider.id(), provider.displayName(), provider.authMode().name(),
					provider.fields().stream().map(FieldView::of).toList());
		}

	}

	/**
	 * @param pattern the whole value must match it; {@code null} when any value goes
	 */
	record FieldView(String name, boolean secret, boolean required, String pattern, int maxLength) {

		static FieldView of(Field field) {
			return new FieldView(field.name(), field.secret(), field.required(),
					(field.pattern() != null) ? field.pattern().pattern() : null, field.maxLength());
		}

	}

}
