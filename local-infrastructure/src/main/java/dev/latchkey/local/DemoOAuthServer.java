package dev.latchkey.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The {@code demo-oauth} platform: a real OAuth 2 authorization server (navikt
 * mock-oauth2-server: authorization code with PKCE verification, refresh grant,
 * refresh-token rotation, RFC 7009 revocation) behind a thin front on the public port.
 * <p>
 * The front adds what the mock server lacks and a real platform has: a refresh token that
 * was revoked, or already rotated away, is answered {@code 400 invalid_grant} instead of
 * being honoured. Endpoints under issuer {@value #ISSUER}: {@code /demo/authorize},
 * {@code /demo/token}, {@code /demo/revoke}, {@code /demo/userinfo}. Any client id and
 * secret is accepted. Tokens are never logged.
 */
public final class DemoOAuthServer implements AutoCloseable {

	public static final String ISSUER = "demo";

	private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
			"upgrade", "expect", "keep-alive");

	private final MockOAuth2Server upstream;

	private final HttpServer front;

	private final ExecutorService executor;

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Whether the next authorization is denied, as if the user pressed "Cancel". */
	private final java.util.concurrent.atomic.AtomicBoolean denyNext = new java.util.concurrent.atomic.AtomicBoolean();

	/** Refresh tokens that no longer work: revoked, or replaced by rotation. */
	private final Set<String> deadRefreshTokens = ConcurrentHashMap.newKeySet();

	/** Every refresh token handed out, so that the user can revoke the whole app. */
	private final Set<String> issuedRefreshTokens = ConcurrentHashMap.newKeySet();

	private DemoOAuthServer(MockOAuth2Server upstream, HttpServer front, ExecutorService executor) {
		this.upstream = upstream;
		this.front = front;
		this.executor = executor;
	}

	/**
	 * Start the server on the loopback interface.
	 * @param port the public port, or {@code 0} for a free one
	 * @param tokenLifetime lifetime of issued access tokens
	 * @return the running server
	 */
	public static DemoOAuthServer start(int port, Duration tokenLifetime) {
		DefaultOAuth2TokenCallback tokens = new DefaultOAuth2TokenCallback(ISSUER, "demo-user", "JWT", List.of("demo"),
				Map.of(), tokenLifetime.toSeconds());
		MockOAuth2Server upstream = new MockOAuth2Server(
				new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(), Set.of(tokens)));
		upstream.start(InetAddress.getLoopbackAddress(), 0);
		HttpServer front;
		try {
			front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			upstream.shutdown();
			throw new UncheckedIOException("Cannot bind the demo OAuth server to port " + port, ex);
		}
		ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "demo-oauth");
			thread.setDaemon(true);
			return thread;
		});
		DemoOAuthServer server = new DemoOAuthServer(upstream, front, executor);
		front.createContext("/", server::handle);
		front.setExecutor(executor);
		front.start();
		return server;
	}

	/** Base URL, for example {@code http://localhost:9400}. */
	public String baseUrl() {
		return "http://localhost:" + this.front.getAddress().getPort();
	}

	public String issuerUrl() {
		return baseUrl() + "/" + ISSUER;
	}

	/** Revokes a refresh token as the platform's own UI would (the user disconnects). */
	public void revoke(String refreshToken) {
		this.deadRefreshTokens.add(refreshToken);
	}

	/**
	 * Revokes every refresh token issued so far, as a user does who removes the app in
	 * the platform's settings. Over HTTP: {@code POST /demo/revoke-all}.
	 */
	public void revokeAll() {
		this.deadRefreshTokens.addAll(this.issuedRefreshTokens);
	}

	/** The next authorization request is answered {@code error=access_denied}. */
	public void denyNextAuthorization() {
		this.denyNext.set(true);
	}

	@Override
	public void close() {
		this.front.stop(0);
		this.executor.shutdownNow();
		this.upstream.shutdown();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String path = exchange.getRequestURI().getPath();
			if (path.endsWith("/authorize") && this.denyNext.getAndSet(false)) {
				deny(exchange);
				return;
			}
			if (path.endsWith("/revoke-all") && "POST".equals(exchange.getRequestMethod())) {
				revokeAll();
				respond(exchange, 200, "{\"revoked\":true}");
				return;
			}
			Map<String, String> form = form(body);
			if (path.endsWith("/revoke") && form.containsKey("token")) {
				this.deadRefreshTokens.add(form.get("token"));
			}
			if (path.endsWith("/token") && "refresh_token".equals(form.get("grant_type"))
					&& this.deadRefreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
				respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}");
				return;
			}
			HttpResponse<byte[]> answer = forward(exchange, body);
			if (path.endsWith("/token") && answer.statusCode() == 200) {
				Matcher issued = REFRESH_TOKEN.matcher(new String(answer.body(), StandardCharsets.UTF_8));
				if (issued.find()) {
					this.issuedRefreshTokens.add(issued.group(1));
				}
			}
			if (path.endsWith("/token") && "refresh_token".equals(form.get("grant_type")) && answer.statusCode() == 200
					&& rotated(form.get("refresh_token"), answer.body())) {
				// A rotated refresh token is single use, as at real platforms.
				this.deadRefreshTokens.add(form.get("refresh_token"));
			}
			answer.headers().map().forEach((name, values) -> {
				if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			exchange.sendResponseHeaders(answer.statusCode(), (answer.body().length == 0) ? -1 : answer.body().length);
			if (answer.body().length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer.body());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
		URI target = URI.create(this.upstream.baseUrl().toString().replaceAll("/$", "")
				+ exchange.getRequestURI().getRawPath() + ((exchange.getRequestURI().getRawQuery() != null)
						? "?" + exchange.getRequestURI().getRawQuery() : ""));
		HttpRequest.Builder request = HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(10))
			.method(exchange.getRequestMethod(), (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static boolean rotated(String presented, byte[] responseBody) {
		Matcher matcher = REFRESH_TOKEN.matcher(new String(responseBody, StandardCharsets.UTF_8));
		return presented != null && matcher.find() && !presented.equals(matcher.group(1));
	}

	private static Map<String, String> form(byte[] body) {
		Map<String, String> form = new ConcurrentHashMap<>();
		for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void deny(HttpExchange exchange) throws IOException {
		String rawQuery = exchange.getRequestURI().getRawQuery();
		Map<String, String> query = form(((rawQuery != null) ? rawQuery : "").getBytes(StandardCharsets.UTF_8));
		String redirect = query.get("redirect_uri");
		if (redirect == null) {
			respond(exchange, 400, "{\"error\":\"invalid_request\"}");
			return;
		}
		String state = query.getOrDefault("state", "");
		exchange.getResponseHeaders()
			.set("Location", redirect + (redirect.contains("?") ? "&" : "?") + "error=access_denied&state="
					+ java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
		exchange.sendResponseHeaders(302, -1);
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
