package dev.latchkey.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Makes bad requests out of good ones, reproducibly from a seed: paths with encoded
 * slashes, dots, NUL, {@code ;} and {@code //}, odd methods, missing, forged or malformed
 * tokens, wrong or odd content types and headers, headers and request lines over the
 * server's limits, and bodies broken as JSON (types swapped, keys given twice, unknown
 * properties, deep nesting, trailing tokens) or as bytes (cut, flipped, not UTF-8, too
 * large). Each request gets one to three mutations; its description says which.
 */
public final class BadInput {

	private static final String[] PATH_INSERTS = { "%2F", "%2f", "%2e", "%2E%2E", "%00", "%25", "%5C", "%5c",
			";jsessionid=1", ";", "//", "/../", "/./", "%0d%0a", "%0A", "%C0%AE%C0%AE", "%FF", "%", "%zz", "+", "%20",
			"~", "%E2%80%A8", "%3B", "%23", "%3F", "\\", "..", "%252e" };

	private static final String[] QUERIES = { "?name=%00", "?name=", "?name=default&name=other", "?a=%ZZ", "?<script>",
			"?name=" + "n".repeat(300), "?name=%E2%80%A8", "?=&&=", "?name=Billing%20Dept" };

	private static final String[] METHODS = { "GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO",
			"post", "POST" };

	private static final String[] CONTENT_TYPES = { "text/plain", "application/json; charset=latin1", "application/xml",
			"application/x-www-form-urlencoded", "garbage", "application/json, text/plain", "*/*",
			"application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/problem+json" };

	private static final String[] ACCEPTS = { "text/html", "application/xml", "garbage/", "*/*;q=x",
			"text/event-stream", "application/json;q=0", "image/png, text/plain" };

	private static final String[] BODY_REPLACEMENTS = { "{}", "null", "[]", "\"string\"", "42", "true", "{\"a\":}",
			"{'name':'x'}", "{\"name\":\"x\" /* c */}", "{\"fields\":{}}", "{\"fields\":null}", "{\"fields\":[]}",
			"{\"fields\":{\"api_key\":{\"nested\":true}}}", "{\"fields\":\"api_key\"}", "{" };

	private static final String[] VALUE_REPLACEMENTS = { "1", "true", "null", "[]", "{}", "1.5e308", "-0",
			"123456789012345678901234567890", "\"\\u0000\"", "\"\\ud800\"", "\"\\x41\"", "\"\"", "\" \"", "\"\\n\\r\"",
			"\"é\"" };

	private final Random random;

	private final List<String> badAuthorizations;

	/**
	 * @param badAuthorizations {@code Authorization} values to try instead of the good
	 * one (forged, expired, another tenant's, malformed)
	 */
	public BadInput(long seed, List<String> badAuthorizations) {
		this.random = new Random(seed);
		this.badAuthorizations = List.copyOf(badAuthorizations);
	}

	/** A copy of {@code template} with one to three mutations. */
	public RawHttp.Request mutate(RawHttp.Request template) {
		RawHttp.Request request = template;
		List<String> done = new ArrayList<>();
		int mutations = 1 + this.random.nextInt(3);
		for (int i = 0; i < mutations; i++) {
			Mutation mutation = switch (this.random.nextInt(10)) {
				case 0, 1 -> pathMutation();
				case 2 -> methodMutation();
				case 3, 4 -> headerMutation();
				default -> bodyMutation();
			};
			request = mutation.change().apply(request);
			done.add(mutation.name());
		}
		return new RawHttp.Request(request.method(), request.target(), request.headers(), request.body(),
				String.join(", ", done));
	}

	private record Mutation(String name, UnaryOperator<RawHttp.Request> change) {
	}

	private Mutation pathMutation() {
		return switch (this.random.nextInt(7)) {
			case 0, 1 -> {
				String insert = pick(PATH_INSERTS);
				yield new Mutation("path with " + insert, (r) -> target(r, insertIntoPath(r.target(), insert)));
			}
			case 2 -> {
				String segment = garbage(1 + this.random.nextInt(40));
				yield new Mutation("path segment replaced", (r) -> target(r, replaceSegment(r.target(), segment)));
			}
			case 3 -> {
				String query = pick(QUERIES);
				yield new Mutation("query " + query, (r) -> target(r, pathOf(r.target()) + query));
			}
			case 4 -> new Mutation("request line over 4 KB",
					(r) -> target(r, r.target() + (r.target().contains("?") ? "&" : "?") + "q=" + "x".repeat(5000)));
			case 5 -> new Mutation("absolute-form target", (r) -> target(r, "http://evil.example" + r.target()));
			default ->
				new Mutation("raw non-ASCII in path", (r) -> target(r, insertIntoPath(r.target(), "\u00e9\u00ff")));
		};
	}

	private Mutation methodMutation() {
		String method = pick(METHODS);
		return new Mutation("method " + method,
				(r) -> new RawHttp.Request(method, r.target(), r.headers(), r.body(), r.description()));
	}

	private Mutation headerMutation() {
		return switch (this.random.nextInt(12)) {
			case 0 -> new Mutation("no Authorization", (r) -> without(r, "Authorization"));
			case 1, 2 -> {
				String authorization = pick(this.badAuthorizations.toArray(String[]::new));
				yield new Mutation("bad Authorization",
						(r) -> with(without(r, "Authorization"), "Authorization", authorization));
			}
			case 3 -> {
				String type = pick(CONTENT_TYPES);
				yield new Mutation("Content-Type " + type,
						(r) -> with(without(r, "Content-Type"), "Content-Type", type));
			}
			case 4 -> new Mutation("no Content-Type", (r) -> without(r, "Content-Type"));
			case 5 -> {
				String key = switch (this.random.nextInt(4)) {
					case 0 -> "\"" + garbage(20) + "\"";
					case 1 -> "bad key with spaces and \u0001";
					case 2 -> "k".repeat(300);
					default -> "\"unterminated";
				};
				yield new Mutation("odd Idempotency-Key", (r) -> with(r, "Idempotency-Key", key));
			}
			case 6 -> {
				String accept = pick(ACCEPTS);
				yield new Mutation("Accept " + accept, (r) -> with(without(r, "Accept"), "Accept", accept));
			}
			case 7 -> new Mutation("foreign Origin", (r) -> with(r, "Origin", "http://evil.example"));
			case 8 -> new Mutation("header over 8 KB", (r) -> with(r, "X-Padding", "p".repeat(10_000)));
			case 9 -> new Mutation("control character in a header value", (r) -> with(r, "X-Odd", "a\u0001b"));
			case 10 -> new Mutation("odd conditional headers",
					(r) -> with(with(r, "If-None-Match", "W/\"x\", *, \"unterminated"), "Last-Event-ID", garbage(12)));
			default -> new Mutation("header name with a space", (r) -> with(r, "X-Bad Name", "1"));
		};
	}

	private Mutation bodyMutation() {
		return switch (this.random.nextInt(12)) {
			case 0, 1 -> {
				String value = pick(VALUE_REPLACEMENTS);
				yield new Mutation("a value replaced by " + value, (r) -> body(r, replaceValue(text(r), value)));
			}
			case 2 -> new Mutation("a key given twice", (r) -> body(r, afterBrace(text(r), "\"name\":\"twice\",")));
			case 3 -> new Mutation("unknown property", (r) -> body(r, afterBrace(text(r), "\"tenantId\":\"globex\",")));
			case 4 -> {
				String replacement = pick(BODY_REPLACEMENTS);
				yield new Mutation("body " + replacement, (r) -> body(r, replacement));
			}
			case 5 -> new Mutation("deeply nested",
					(r) -> body(r, "{\"fields\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
			case 6 -> new Mutation("trailing tokens", (r) -> body(r, text(r) + " {\"name\":\"more\"}"));
			case 7 -> new Mutation("a value over 16 KB", (r) -> body(r,
					replaceValue(text(r), "\"" + "v".repeat(17_000 + this.random.nextInt(20_000)) + "\"")));
			case 8 -> {
				double at = this.random.nextDouble();
				yield new Mutation("cut short",
						(r) -> bytes(r, java.util.Arrays.copyOf(r.body(), (int) (r.body().length * at))));
			}
			case 9 -> {
				int seed = this.random.nextInt();
				yield new Mutation("bytes flipped", (r) -> bytes(r, flipped(r.body(), new Random(seed))));
			}
			case 10 -> {
				byte[] noise = new byte[this.random.nextInt(2000)];
				this.random.nextBytes(noise);
				yield new Mutation("random bytes", (r) -> bytes(r, noise));
			}
			default -> new Mutation("not UTF-8", (r) -> bytes(r, insertInvalidUtf8(r.body())));
		};
	}

	private String pick(String[] choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	/** Letters, digits, punctuation and escaped bytes, as a URL or header might hold. */
	private String garbage(int length) {
		String alphabet = "abcXYZ019-._~!$&'()*+,=:@%";
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < length; i++) {
			out.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return out.toString();
	}

	private String insertIntoPath(String target, String insert) {
		String path = pathOf(target);
		String rest = target.substring(path.length());
		int at = 1 + this.random.nextInt(Math.max(1, path.length()));
		return path.substring(0, Math.min(at, path.length())) + insert + path.substring(Math.min(at, path.length()))
				+ rest;
	}

	private String replaceSegment(String target, String segment) {
		String path = pathOf(target);
		String[] segments = path.split("/", -1);
		if (segments.length > 1) {
			segments[1 + this.random.nextInt(segments.length - 1)] = segment;
		}
		return String.join("/", segments) + target.substring(path.length());
	}

	private String replaceValue(String json, String value) {
		// The string values (after a ':'), found by hand: a regex would overflow the
		// stack on the long values this class makes.
		List<int[]> strings = new ArrayList<>();
		for (int i = 0; i < json.length(); i++) {
			if (json.charAt(i) != ':') {
				continue;
			}
			int start = i + 1;
			while (start < json.length() && Character.isWhitespace(json.charAt(start))) {
				start++;
			}
			if (start < json.length() && json.charAt(start) == '"') {
				int end = start + 1;
				while (end < json.length() && json.charAt(end) != '"') {
					end += (json.charAt(end) == '\\') ? 2 : 1;
				}
				if (end < json.length()) {
					strings.add(new int[] { start, end + 1 });
					i = end;
				}
			}
		}
		if (strings.isEmpty()) {
			return value;
		}
		int[] chosen = strings.get(this.random.nextInt(strings.size()));
		return json.substring(0, chosen[0]) + value + json.substring(chosen[1]);
	}

	private static String pathOf(String target) {
		int query = target.indexOf('?');
		return (query >= 0) ? target.substring(0, query) : target;
	}

	private static String afterBrace(String json, String insert) {
		int brace = json.indexOf('{');
		return (brace < 0) ? "{" + insert.replaceAll(",$", "") + "}"
				: json.substring(0, brace + 1) + insert + json.substring(brace + 1);
	}

	private static String text(RawHttp.Request request) {
		return new String(request.body(), StandardCharsets.UTF_8);
	}

	private static byte[] flipped(byte[] body, Random random) {
		byte[] copy = body.clone();
		for (int i = 0; i < 1 + copy.length / 50 && copy.length > 0; i++) {
			copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
		}
		return copy;
	}

	private byte[] insertInvalidUtf8(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = (body.length == 0) ? 0 : this.random.nextInt(body.length);
		out.write(body, 0, at);
		out.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xFE, 0x00 });
		out.write(body, at, body.length - at);
		return out.toByteArray();
	}

	private static RawHttp.Request target(RawHttp.Request r, String target) {
		return new RawHttp.Request(r.method(), target, r.headers(), r.body(), r.description());
	}

	private static RawHttp.Request body(RawHttp.Request r, String body) {
		return bytes(r, body.getBytes(StandardCharsets.UTF_8));
	}

	private static RawHttp.Request bytes(RawHttp.Request r, byte[] body) {
		return new RawHttp.Request(r.method(), r.target(), r.headers(), body, r.description());
	}

	private static RawHttp.Request with(RawHttp.Request r, String name, String value) {
		List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
		headers.add(Map.entry(name, value));
		return new RawHttp.Request(r.method(), r.target(), headers, r.body(), r.description());
	}

	private static RawHttp.Request without(RawHttp.Request r, String name) {
		List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
		headers.removeIf((header) -> header.getKey().equalsIgnoreCase(name));
		return new RawHttp.Request(r.method(), r.target(), headers, r.body(), r.description());
	}

}
