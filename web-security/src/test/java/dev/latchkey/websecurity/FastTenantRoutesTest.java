package dev.latchkey.websecurity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link FastTenantRoute} answers only the plain case — a verified token, no query, no
 * CORS, a GET over HTTP/1.1 — right behind the HTTP codec, and with the chain's headers;
 * every other request, refusals included, is the ordinary chain's. The test app maps the
 * same path as a controller too, answering {@code chain:<tenant>} with the same headers,
 * so each answer says which path it took. Requests are raw bytes on sockets, to pipeline
 * them and to see the answers as sent.
 */
@SpringBootTest(classes = FastTenantRoutesTest.FastApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET,
				"latchkey.security.jwt.issuer=" + DevTokens.ISSUER,
				"latchkey.security.jwt.audience=" + DevTokens.AUDIENCE,
				"latchkey.security.cors.allowed-origins=https://app.example", "server.address=127.0.0.1" })
class FastTenantRoutesTest {

	static final AtomicBoolean READY = new AtomicBoolean(true);

	@LocalServerPort
	int port;

	@AfterEach
	void ready() {
		READY.set(true);
	}

	@Test
	void aTokenIsVerifiedByTheChainOnItsFirstPoll_thenAnsweredAheadOfIt() {
		String token = token("acme");
		assertThat(body(poll(token, ""))).isEqualTo("chain:acme");
		assertThat(body(poll(token, ""))).isEqualTo("quick:acme");
		assertThat(body(poll(token, ""))).isEqualTo("quick:acme");
	}

	@Test
	void theFastAnswerHasTheChainsHeaders_inTheSameOrder() {
		String token = token("acme");
		String chain = poll(token, "");
		String fast = poll(token, "");
		assertThat(body(fast)).isEqualTo("quick:acme");
		assertThat(head(fast)).isEqualTo(head(chain));
		assertThat(head(fast)).contains("X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
				"X-XSS-Protection: 0", "Referrer-Policy: no-referrer", "Cache-Control: no-cache", "Content-Length: 10");
	}

	@Test
	void refusalsAreTheChainsProblems() {
		String expired = TestTokens.signed((claims) -> claims.expirationTime(TestTokens.in(Duration.ofMinutes(-5))));
		String forged = new DevTokens("another-secret-another-secret-another-1").mint("acme", Duration.ofMinutes(5));
		String otherAudience = TestTokens.signed((claims) -> claims.audience("another-service"));
		String noTenant = TestTokens.signed((claims) -> claims.claim("tenant_id", "../etc"));
		for (String token : new String[] { expired, forged, otherAudience, noTenant, "not-a-jwt" }) {
			// Twice: a refused token is never cached, so never answered here either.
			for (int i = 0; i < 2; i++) {
				String answer = poll(token, "");
				assertThat(answer).startsWith("HTTP/1.1 401 ").contains("application/problem+json");
			}
		}
		assertThat(send("GET /api/poll HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 401 ");
	}

	@Test
	void anythingButThePlainCaseTakesTheChain() {
		String token = warm(token("acme"));
		String auth = "Authorization: Bearer " + token + "\r\n";
		assertThat(body(send("GET /api/poll?x=1 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"))).isEqualTo("chain:acme");
		assertThat(body(poll(token, "Origin: https://app.example\r\n"))).isEqualTo("chain:acme");
		assertThat(body(poll(token, "Authorization: Bearer " + token + "\r\n"))).doesNotContain("quick:");
		assertThat(body(poll(token, "X-Leave: yes\r\n"))).isEqualTo("chain:acme");
		assertThat(body(send("GET /api/poll HTTP/1.0\r\nConnection: keep-alive\r\n" + auth + "\r\n")))
			.isEqualTo("chain:acme");
		try (Socket socket = connect()) {
			write(socket, "HEAD /api/poll HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
			// The chain's answer to HEAD: its GET's headers (Content-Length 10,
			// "chain:acme"), no body.
			assertThat(readLine(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200 ")
				.contains("Content-Length: 10");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(send("POST /api/poll HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n" + auth + "\r\n"))
			.doesNotContain("quick:");
		assertThat(send("GET /api/poll HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n" + auth + "\r\n{}"))
			.doesNotContain("quick:");
		assertThat(send("GET /api/poll HTTP/1.1\r\nHost: x\r\nAuthorization: bearer " + token + "\r\n\r\n"))
			.doesNotContain("quick:");
	}

	@Test
	void aRouteThatIsNotReadyLeavesTheRequestToTheChain() {
		String token = warm(token("acme"));
		READY.set(false);
		assertThat(body(poll(token, ""))).isEqualTo("chain:acme");
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrder_aFastOneWaitsForTheChainsAnswerBeforeIt() throws IOException {
		String token = warm(token("acme"));
		String auth = "Authorization: Bearer " + token + "\r\n";
		String fast = "GET /api/poll HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
		String slow = "GET /api/slow HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
		try (Socket socket = connect()) {
			write(socket, slow + fast + slow + fast + fast);
			InputStream in = socket.getInputStream();
			assertThat(body(readAnswer(in))).isEqualTo("slow");
			// Behind a request the chain answers, a poll is the chain's too.
			assertThat(body(readAnswer(in))).isEqualTo("chain:acme");
			assertThat(body(readAnswer(in))).isEqualTo("slow");
			assertThat(body(readAnswer(in))).isEqualTo("chain:acme");
			assertThat(body(readAnswer(in))).isEqualTo("chain:acme");
			// Once every answer is out, the connection's next poll is fast again.
			write(socket, fast + fast + slow + fast);
			assertThat(body(readAnswer(in))).isEqualTo("quick:acme");
			assertThat(body(readAnswer(in))).isEqualTo("quick:acme");
			assertThat(body(readAnswer(in))).isEqualTo("slow");
			assertThat(body(readAnswer(in))).isEqualTo("chain:acme");
		}
	}

	@Test
	void aKeptAliveConnectionAnswersManyPolls_oneByOneAndPipelined() throws IOException {
		String token = warm(token("acme"));
		String fast = "GET /api/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
		try (Socket socket = connect()) {
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 200; i++) {
				write(socket, fast);
				assertThat(body(readAnswer(in))).isEqualTo("quick:acme");
			}
			// Unread answers pile up: once the connection cannot take more, polls pass
			// down to Reactor Netty, which stops reading until the client catches up.
			// All in order.
			write(socket, fast.repeat(500));
			for (int i = 0; i < 500; i++) {
				assertThat(body(readAnswer(in))).as("answer %d", i).isIn("quick:acme", "chain:acme");
			}
			write(socket, fast);
			assertThat(body(readAnswer(in))).isEqualTo("quick:acme");
		}
	}

	@Test
	void connectionCloseIsAnsweredWithConnectionClose_thenTheConnectionCloses() throws IOException {
		String token = warm(token("acme"));
		String request = "GET /api/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n";
		try (Socket socket = connect()) {
			write(socket, request + "Connection: close\r\n\r\n" + request + "\r\n");
			InputStream in = socket.getInputStream();
			String answer = readAnswer(in);
			assertThat(body(answer)).isEqualTo("quick:acme");
			assertThat(head(answer)).endsWith("\r\nconnection: close");
			assertThat(in.read()).as("nothing after the answer, then the end").isEqualTo(-1);
		}
	}

	private String warm(String token) {
		assertThat(body(poll(token, ""))).isEqualTo("chain:acme");
		return token;
	}

	private String poll(String token, String moreHeaders) {
		return send(
				"GET /api/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n" + moreHeaders + "\r\n");
	}

	/** One request on a connection of its own; its answer as sent. */
	private String send(String request) {
		try (Socket socket = connect()) {
			write(socket, request);
			return readAnswer(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		socket.setSoTimeout(20_000);
		return socket;
	}

	private static void write(Socket socket, String bytes) throws IOException {
		socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
	}

	/** One answer, with a Content-Length or chunked, not a byte more. */
	private static String readAnswer(InputStream in) throws IOException {
		String head = readLine(in, "\r\n\r\n");
		String length = header(head, "content-length");
		String body;
		if (length != null) {
			body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.ISO_8859_1);
		}
		else if ("chunked".equalsIgnoreCase(header(head, "transfer-encoding"))) {
			StringBuilder chunks = new StringBuilder();
			for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
				chunks.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
				readLine(in, "\r\n");
			}
			readLine(in, "\r\n");
			body = chunks.toString();
		}
		else {
			body = "";
		}
		return head + body;
	}

	private static int chunkSize(InputStream in) throws IOException {
		String line = readLine(in, "\r\n").trim();
		return Integer.parseInt(line.split(";")[0], 16);
	}

	private static String readLine(InputStream in, String end) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
				int b = in.read();
				if (b < 0) {
					throw new IOException("The connection ended within an answer: " + bytes);
				}
				bytes.write(b);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new IOException("No answer within the timeout: " + bytes, ex);
		}
		return bytes.toString(StandardCharsets.ISO_8859_1);
	}

	private static String header(String head, String name) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
				return line.substring(name.length() + 1).trim();
			}
		}
		return null;
	}

	/** The status line and headers, without the blank line. */
	private static String head(String answer) {
		return answer.substring(0, answer.indexOf("\r\n\r\n"));
	}

	private static String body(String answer) {
		return answer.substring(answer.indexOf("\r\n\r\n") + 4);
	}

	/**
	 * A token of its own (a new id), so its first poll is the chain's whatever ran
	 * before.
	 */
	private static String token(String tenant) {
		return TestTokens.signed((claims) -> claims.claim("tenant_id", tenant).jwtID(UUID.randomUUID().toString()));
	}

	@SpringBootApplication
	@RestController
	@RequestMapping("/api")
	static class FastApp {

		@GetMapping("/poll")
		ResponseEntity<String> chain(TenantId tenant) {
			return ResponseEntity.ok()
				.header("Cache-Control", "no-cache")
				.header("Content-Type", "text/plain")
				.body("chain:" + tenant.value());
		}

		@GetMapping("/slow")
		Mono<String> slow() {
			return Mono.just("slow").delayElement(Duration.ofMillis(300));
		}

		@Bean
		FastTenantRoute poll() {
			return new FastTenantRoute() {

				@Override
				public String path() {
					return "/api/poll";
				}

				@Override
				public boolean ready() {
					return READY.get();
				}

				@Override
				public FastAnswer answer(TenantId tenant, RequestHeaders headers) {
					if (!headers.all("X-Leave").isEmpty()) {
						return null;
					}
					return FastAnswer.of(200, ("quick:" + tenant.value()).getBytes(StandardCharsets.UTF_8),
							"Cache-Control", "no-cache", "Content-Type", "text/plain");
				}

			};
		}

	}

}
