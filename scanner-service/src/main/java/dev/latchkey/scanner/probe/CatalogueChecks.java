package dev.latchkey.scanner.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latchkey.catalogue.Field;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.Scan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a provider's catalogue checks over a valid answer: whose credential it is, which
 * scopes it holds against those the product needs, what kind of key it is. Data, not code
 * per provider. A finding that would quote any secret field of the credential is dropped:
 * a platform that echoes the key must not leak it through a finding.
 */
final class CatalogueChecks {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

	/** Public attributes are short; a longer value is cut to this. */
	private static final int MAX_VALUE = 200;

	private CatalogueChecks() {
	}

	static List<Finding> run(Provider provider, Map<String, String> fields, ProbeAnswer.Answered answer) {
		Scan scan = provider.scan();
		JsonNode body = parse(answer.body());
		List<Finding> findings = new ArrayList<>();
		if (scan.checks().account() != null) {
			account(scan.checks().account(), body, findings);
		}
		if (scan.checks().scopes() != null) {
			scopes(scan.checks().scopes(), scan.requiredScopes(), answer, body, findings);
		}
		if (scan.checks().keyKind() != null) {
			keyKind(scan.checks().keyKind(), fields, findings);
		}
		List<String> secrets = provider.fields()
			.stream()
			.filter(Field::secret)
			.map((field) -> fields.get(field.name()))
			.filter((value) -> value != null && value.length() >= 4)
			.toList();
		return findings.stream().filter((finding) -> !quotesASecret(finding, secrets)).toList();
	}

	private static void account(Scan.Account check, JsonNode body, List<Finding> findings) {
		Map<String, String> attributes = new LinkedHashMap<>();
		check.pointers().forEach((name, pointer) -> {
			String value = text(body.at(pointer));
			if (value != null) {
				attributes.put(name, value);
			}
		});
		if (attributes.isEmpty()) {
			return;
		}
		Matcher matcher = PLACEHOLDER.matcher(check.message());
		StringBuilder message = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(message,
					Matcher.quoteReplacement(attributes.getOrDefault(matcher.group(1), "?")));
		}
		matcher.appendTail(message);
		findings.add(new Finding("ACCOUNT", Finding.INFO, message.toString(), attributes));
	}

	private static void scopes(Scan.Scopes check, List<String> required, ProbeAnswer.Answered answer, JsonNode body,
			List<Finding> findings) {
		Set<String> granted = granted(check, answer, body);
		if (granted == null) {
			return;
		}
		Set<String> missing = new LinkedHashSet<>(required);
		missing.removeAll(granted);
		Set<String> extra = new LinkedHashSet<>(granted);
		required.forEach(extra::remove);
		if (!missing.isEmpty()) {
			findings.add(new Finding("UNDER_SCOPED", Finding.WARNING,
					"The credential lacks scopes the product needs: " + String.join(", ", missing) + ".",
					Map.of("missingScopes", String.join(",", missing), "grantedScopes", String.join(",", granted))));
		}
		if (!extra.isEmpty()) {
			findings.add(new Finding("OVER_SCOPED", Finding.WARNING,
					"The credential holds scopes the product does not need: " + String.join(", ", extra) + ".",
					Map.of("extraScopes", String.join(",", extra), "grantedScopes", String.join(",", granted))));
		}
	}

	private static Set<String> granted(Scan.Scopes check, ProbeAnswer.Answered answer, JsonNode body) {
		String separator = (check.separator() != null) ? check.separator() : " ";
		if (check.header() != null) {
			String header = answer.header(check.header());
			if (header != null) {
				return split(header, separator);
			}
		}
		if (check.pointer() != null) {
			JsonNode node = body.at(check.pointer());
			if (node.isArray()) {
				Set<String> scopes = new LinkedHashSet<>();
				node.forEach((item) -> scopes.add(item.asString().trim()));
				return scopes;
			}
			String text = text(node);
			if (text != null) {
				return split(text, separator);
			}
		}
		return null;
	}

	private static Set<String> split(String text, String separator) {
		Set<String> scopes = new LinkedHashSet<>();
		Arrays.stream(text.split(Pattern.quote(separator)))
			.map(String::trim)
			.filter((scope) -> !scope.isEmpty())
			.forEach(scopes::add);
		return scopes;
	}

	private static void keyKind(Scan.KeyKind check, Map<String, String> fields, List<Finding> findings) {
		String value = fields.get(check.field());
		if (value == null) {
			return;
		}
		for (Scan.KeyKind.Kind kind : check.kinds()) {
			if (kind.pattern().matcher(value).matches()) {
				String message = (kind.message() != null) ? kind.message() : "A " + kind.name() + " key.";
				findings.add(new Finding("KEY_KIND", kind.severity(), message, Map.of("kind", kind.name())));
				return;
			}
		}
	}

	private static JsonNode parse(String body) {
		try {
			return (body != null && !body.isBlank()) ? json.readTree(body) : json.missingNode();
		}
		catch (RuntimeException notJson) {
			return json.missingNode();
		}
	}

	private static String text(JsonNode node) {
		if (node == null || node.isMissingNode() || node.isNull() || node.isObject() || node.isArray()) {
			return null;
		}
		String text = node.asString();
		return (text.length() > MAX_VALUE) ? text.substring(0, MAX_VALUE) : text;
	}

	private static boolean quotesASecret(Finding finding, List<String> secrets) {
		for (String secret : secrets) {
			if (finding.message().contains(secret)
					|| finding.attributes().values().stream().anyMatch((value) -> value.contains(secret))) {
				return true;
			}
		}
		return false;
	}

}
