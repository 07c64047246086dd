package dev.latchkey.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One platform Latchkey can hold credentials for.
 *
 * @param oauth2 the OAuth 2 flow of an {@link AuthMode#OAUTH2} provider, {@code null} for
 * pasted keys
 * @param scan how the scanner re-checks, limits and reads its credentials
 */
public record Provider(String id, String displayName, AuthMode authMode, List<Field> fields, Probe probe, OAuth2 oauth2,
		Scan scan) {

	public Provider(String id, String displayName, AuthMode authMode, List<Field> fields, Probe probe) {
		this(id, displayName, authMode, fields, probe, null, Scan.DEFAULT);
	}

	public Provider(String id, String displayName, AuthMode authMode, List<Field> fields, Probe probe, OAuth2 oauth2) {
		this(id, displayName, authMode, fields, probe, oauth2, Scan.DEFAULT);
	}

	public Optional<OAuth2> oauth() {
		return Optional.ofNullable(this.oauth2);
	}

	public Optional<Field> field(String name) {
		return this.fields.stream().filter((field) -> field.name().equals(name)).findFirst();
	}

	/**
	 * Checks submitted fields against this provider: unknown names, missing required
	 * fields, length and format. The messages name fields, never values.
	 * @return the problems, empty when the submission is valid
	 */
	public List<String> problemsWith(Map<String, String> submitted) {
		List<String> problems = new ArrayList<>();
		submitted.keySet()
			.stream()
			.filter((name) -> field(name).isEmpty())
			.sorted()
			.forEach((name) -> problems.add("field '" + name + "' is not a field of " + this.id + " (expected "
					+ this.fields.stream().map(Field::name).toList() + ")"));
		for (Field field : this.fields) {
			String problem = field.problemWith(submitted.get(field.name()));
			if (problem != null) {
				problems.add("field '" + field.name() + "' " + problem);
			}
		}
		return problems;
	}

}
