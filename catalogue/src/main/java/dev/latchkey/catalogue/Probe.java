package dev.latchkey.catalogue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to ask a platform whether a credential works. Templates ({@code {field}}) are
 * filled from the credential's fields.
 */
public record Probe(String method, String baseUrl, String path, Placement credential, Set<Integer> validStatus,
		Set<Integer> invalidStatus, String validWhenBodyContains) {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_]+)}");

	public enum Verdict {

		VALID, INVALID, ERROR

	}

	/** Where the credential goes in the request. */
	public record Placement(Type type, String name, String value, String username, String password) {

		public enum Type {

			HEADER, BASIC, QUERY

		}

	}

	/** A filled-in probe, ready to send. Holds the secret: use it and drop it. */
	public record Request(String method, URI uri, Map<String, String> headers) {

		@Override
		public String toString() {
			return this.method + " " + this.uri.getHost() + this.uri.getPath() + " (credential redacted)";
		}

	}

	/**
	 * Fills the probe in for one credential.
	 * @param baseUrlOverride replaces the catalogue's base URL when not {@code null}
	 */
	public Request render(Map<String, String> fields, String baseUrlOverride) {
		String base = baseUrlOverride != null ? baseUrlOverride : this.baseUrl;
		String url = stripTrailingSlash(base) + fill(this.path, fields, true);
		Map<String, String> headers = new LinkedHashMap<>();
		switch (this.credential.type()) {
			case HEADER -> headers.put(this.credential.name(), fill(this.credential.value(), fields, false));
			case BASIC -> {
				String pair = fill(this.credential.username(), fields, false) + ":"
						+ fill(this.credential.password(), fields, false);
				headers.put("Authorization",
						"Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
			}
			case QUERY -> url += (url.contains("?") ? "&" : "?") + this.credential.name() + "="
					+ fill(this.credential.value(), fields, true);
		}
		return new Request(this.method, URI.create(url), headers);
	}

	/** Maps the platform's answer to a verdict. */
	public Verdict judge(int status, String body) {
		if (this.validStatus.contains(status)) {
			boolean bodyOk = this.validWhenBodyContains == null
					|| (body != null && body.replace(" ", "").contains(this.validWhenBodyContains));
			return bodyOk ? Verdict.VALID : Verdict.INVALID;
		}
		return this.invalidStatus.contains(status) ? Verdict.INVALID : Verdict.ERROR;
	}

	private static String fill(String template, Map<String, String> fields, boolean urlEncode) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = fields.getOrDefault(matcher.group(1), "");
			String replacement = urlEncode ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
