package dev.latchkey.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page, i.e. the {@code <latchkey-integrations>} component, in a real browser
 * (Debian's headless Chromium through chromedriver) on the embedded default: states in
 * words, the actions end to end, axe-core with no violation, a keyboard-only walk, and
 * both widths. Screenshots are kept in {@code target/}.
 */
class StatusPageIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration ON_SCREEN_WITHIN = Duration.ofSeconds(60);

	private static final int DESKTOP = 1280;

	private static final int PHONE = 375;

	/** A raw HTTP status code in text meant for people, which the page never shows. */
	private static final String STATUS_CODE = ".*\\b[45]\\d\\d\\b.*";

	private static Path home;

	private static Path profile;

	private static LocalStack stack;

	private static WebDriver browser;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheSystemAndABrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
		home = Files.createTempDirectory("latchkey-page");
		profile = Files.createTempDirectory("latchkey-chromium");
		stack = LocalStack.start(home, Ports.free(), repositoryRoot());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=" + DESKTOP + ",900", "--user-data-dir=" + profile);
		ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(driver, options);
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopEverything() {
		if (browser != null) {
			browser.quit();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@BeforeEach
	void desktopWidth() {
		if (browser != null) {
			browser.manage().window().setSize(new Dimension(DESKTOP, 900));
		}
	}

	@Test
	@DisplayName("a demo key added on the page turns active with its explanation, a replacement that the platform rejects"
			+ " turns it invalid, without a reload; the access log lists the scanner's lease")
	void keysAddedOnThePageChangeStateOnScreen() throws IOException {
		String token = stack.tokenFor("tenant-page", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(token);
		js("window.sameDocument = true;");

		String working = Fixtures.aWorkingDemoKey();
		shadow("#demo-api_key").sendKeys(working);
		assertThat(shadow("#demo-api_key").getDomAttribute("type")).isEqualTo("password");
		assertThat(shadow("#demo-api_key").getDomAttribute("autocomplete")).isEqualTo("new-password");
		shadow("#submit-demo").click();
		assertThat(shadow("#demo-api_key").getDomProperty("value")).as("cleared once sent").isEmpty();
		wait.until((page) -> "active".equals(stateOf("demo")));
		assertThat(text("#explain-demo")).contains("accepted the credential");
		assertThat(shadow("#details-demo").findElements(org.openqa.selenium.By.cssSelector("time[datetime]")))
			.isNotEmpty();
		screenshot("status-page-active.png");

		shadow("#log-demo").click();
		wait.until((page) -> text("#log-status").contains("shown") || text("#log-status").contains("No one"));
		assertThat(text("#log-status")).doesNotMatch(STATUS_CODE);
		// The scanner's lease may be audited a moment after the state arrived: reopen
		// until a loaded log shows it (each reopening loads the log anew).
		wait.until((page) -> {
			if (text("#log-table").contains("scan")) {
				return true;
			}
			shadow("#log-close").click();
			shadow("#log-demo").click();
			new WebDriverWait(browser, ON_SCREEN_WITHIN)
				.until((again) -> text("#log-status").contains("shown") || text("#log-status").contains("No one"));
			return text("#log-table").contains("scan");
		});
		assertThat(text("#log-table")).as("the scanner's lease").contains("Granted");
		screenshot("status-page-access-log.png");
		shadow("#log-close").click();

		shadow("#replace-demo").click();
		assertThat(activeId()).isEqualTo("demo-api_key");
		shadow("#demo-api_key").sendKeys(Fixtures.aRejectedDemoKey());
		shadow("#submit-demo").click();
		wait.until((page) -> "invalid".equals(stateOf("demo")));
		assertThat(text("#explain-demo")).contains("rejected the credential").contains("REJECTED_BY_PLATFORM");
		assertThat(text("#details-demo")).contains("Version").contains("2");
		screenshot("status-page-invalid.png");

		assertThat(js("return window.sameDocument === true;")).as("the page was never reloaded").isEqualTo(true);
		assertThat(browser.getPageSource()).doesNotContain(working);
		assertThat(pageText()).doesNotContain(working);
		assertThat(stateOf("twilio")).isEqualTo("unconfigured");
		assertThat(pollOnce(token)).as("the module, polling with ETags instead of streaming").isEqualTo("invalid");
	}

	@Test
	@DisplayName("pressing Connect runs the OAuth dance with the demo server and lands back on the page, active")
	void connectOnThePageFinishesTheOAuthDance() {
		String token = stack.tokenFor("tenant-page-oauth", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo-oauth")));

		shadow("#connect-demo-oauth").click();

		wait.until((page) -> browser.getCurrentUrl().contains("integration_id=int_"));
		wait.until((page) -> "active".equals(stateOf("demo-oauth")));
		assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContain("code=");
		assertThat(shadow("#reconnect-demo-oauth").isDisplayed()).isTrue();
		assertThat(shadow("#connect-demo-oauth").isDisplayed()).isFalse();
	}

	@Test
	@DisplayName("keyboard only: Tab to the key field, type, Enter; active; Tab to Disconnect, Space, confirm with"
			+ " Enter; unconfigured. Escape closes a dialog and focus returns to its button")
	void keyboardOnlyWalkThroughAddActiveDisconnect() throws IOException {
		String token = stack.tokenFor("tenant-page-keyboard", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));

		tabTo("demo-api_key");
		keys(Fixtures.aWorkingDemoKey());
		tabTo("submit-demo");
		keys(Keys.ENTER);
		wait.until((page) -> "active".equals(stateOf("demo")));
		assertThat(text("#announcer")).as("the change was announced").contains("Demo").contains("Active");

		tabTo("log-demo");
		keys(Keys.ENTER);
		wait.until((page) -> shadow("#access-log").getDomAttribute("open") != null);
		assertThat(activeId()).as("focus moves into the dialog").isEqualTo("log-close");
		keys(Keys.TAB, Keys.TAB, Keys.TAB);
		assertThat(insideDialog()).as("focus stays in the dialog").isTrue();
		keys(Keys.ESCAPE);
		wait.until((page) -> shadow("#access-log").getDomAttribute("open") == null);
		assertThat(activeId()).as("focus returns to the button").isEqualTo("log-demo");

		tabTo("disconnect-demo");
		assertThat(focusOutlineWidth()).as("visible focus").isGreaterThanOrEqualTo(2.0);
		keys(Keys.SPACE);
		wait.until((page) -> shadow("#confirm").getDomAttribute("open") != null);
		assertThat(activeId()).as("the safe choice has focus").isEqualTo("confirm-cancel");
		keys(Keys.TAB);
		assertThat(activeId()).isEqualTo("confirm-disconnect");
		keys(Keys.ENTER);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		assertThat(text("#message-demo")).contains("Disconnected");
		assertThat(shadow("#form-demo").isDisplayed()).as("the card offers the form again").isTrue();
		screenshot("status-page-keyboard-disconnected.png");
	}

	@Test
	@DisplayName("axe-core finds no violation on the live page, with a dialog open, and on every state at both widths")
	void axeFindsNoViolations() throws IOException {
		String token = stack.tokenFor("tenant-page-axe", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		assertThat(axe()).as("unconfigured").isEmpty();
		shadow("#demo-api_key").sendKeys(Fixtures.aWorkingDemoKey());
		shadow("#submit-demo").click();
		wait.until((page) -> "active".equals(stateOf("demo")));
		assertThat(axe()).as("active").isEmpty();
		shadow("#disconnect-demo").click();
		assertThat(axe()).as("confirmation open").isEmpty();
		shadow("#confirm-cancel").click();
		shadow("#log-demo").click();
		wait.until((page) -> !text("#log-status").contains("Loading"));
		assertThat(axe()).as("access log open").isEmpty();
		shadow("#log-close").click();

		showEveryState();
		assertThat(axe()).as("every state, desktop").isEmpty();
		screenshot("status-page-every-state-desktop.png");
		browser.manage().window().setSize(new Dimension(PHONE, 900));
		assertThat(axe()).as("every state, phone").isEmpty();
		assertThat(overflow()).as("no sideways scrolling at 375 px").isLessThanOrEqualTo(0);
		screenshot("status-page-every-state-phone.png");
	}

	@Test
	@DisplayName("the live page at phone width: every control fits, nothing scrolls sideways")
	void phoneWidth() throws IOException {
		String token = stack.tokenFor("tenant-page-phone", Duration.ofMinutes(30));
		browser.manage().window().setSize(new Dimension(PHONE, 900));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		shadow("#demo-api_key").sendKeys(Fixtures.aWorkingDemoKey());
		shadow("#submit-demo").click();
		wait.until((page) -> "active".equals(stateOf("demo")));
		assertThat(overflow()).as("no sideways scrolling").isLessThanOrEqualTo(0);
		assertThat(((Number) js("return arguments[0].getBoundingClientRect().right;", shadow("#disconnect-demo")))
			.doubleValue()).isLessThanOrEqualTo(innerWidth());
		screenshot("status-page-phone.png");
		browser.manage().window().setSize(new Dimension(DESKTOP, 900));
		screenshot("status-page-desktop.png");
	}

	@Test
	@DisplayName("every state and reason code has a sentence and a next step; an unknown code is named")
	void everyStateIsExplainedInWords() {
		browser.get(stack.statusUrl() + "/index.html");
		@SuppressWarnings("unchecked")
		Map<String, Map<String, String>> sentences = (Map<String, Map<String, String>>) ((JavascriptExecutor) browser)
			.executeAsyncScript(
					"""
							const done = arguments[arguments.length - 1];
							import('/latchkey-integrations.js').then(({ explain, REASONS }) => {
								const cases = {};
								for (const state of ['PENDING_VERIFICATION', 'ACTIVE', 'INVALID', 'ERROR', 'REAUTH_REQUIRED', 'EXPIRED']) {
									cases[state] = explain({ state }, 'Demo');
								}
								for (const reason of Object.keys(REASONS)) {
									cases[reason] = explain({ state: 'ERROR', reason }, 'Demo');
								}
								cases.UNEXPECTED_STATUS_418 = explain({ state: 'ERROR', reason: 'UNEXPECTED_STATUS_418' }, 'Demo');
								cases.SOMETHING_NEW = explain({ state: 'INVALID', reason: 'SOMETHING_NEW' }, 'Demo');
								done(cases);
							}, (error) => done({ failed: { sentence: String(error), next: '' } }));
							""");
		assertThat(sentences).doesNotContainKey("failed")
			.containsKeys("PENDING_VERIFICATION", "ACTIVE", "INVALID", "ERROR", "REAUTH_REQUIRED", "EXPIRED",
					"RECEIVED", "VERIFIED", "REJECTED_BY_PLATFORM", "REVOKED_AT_PLATFORM", "TIMEOUT",
					"PLATFORM_UNAVAILABLE", "RATE_LIMITED", "EGRESS_REFUSED", "LEASE_REFUSED", "UNKNOWN_PROVIDER",
					"INTEGRITY_FAILURE", "INVALID_GRANT", "NO_REFRESH_TOKEN", "TOKEN_REQUEST_REJECTED",
					"MALFORMED_TOKEN_RESPONSE", "ACCESS_DENIED", "AUTHORIZATION_FAILED", "SCAN_FAILED");
		sentences.forEach((code, explained) -> {
			assertThat(explained.get("sentence")).as(code).isNotBlank().endsWith(".").doesNotContain("{provider}");
			assertThat(explained.get("next")).as(code).isNotBlank().endsWith(".").doesNotContain("{provider}");
		});
		assertThat(sentences.get("TIMEOUT").get("sentence")).contains("did not answer in time");
		assertThat(sentences.get("PLATFORM_UNAVAILABLE").get("sentence")).contains("could not be reached");
		assertThat(sentences.get("INVALID_GRANT").get("next")).contains("Reconnect");
		assertThat(sentences.get("INTEGRITY_FAILURE").get("next")).contains("Replace");
		assertThat(sentences.get("UNEXPECTED_STATUS_418").get("sentence")).contains("418");
		assertThat(sentences.get("SOMETHING_NEW").get("sentence")).contains("SOMETHING_NEW");
		assertThat(sentences.get("SOMETHING_NEW").get("next")).isEqualTo(sentences.get("INVALID").get("next"));
		long distinct = sentences.entrySet()
			.stream()
			.filter((entry) -> !List.of("PLATFORM_UNREACHABLE", "EXPIRED").contains(entry.getKey()))
			.map((entry) -> entry.getValue().get("sentence"))
			.distinct()
			.count();
		assertThat(distinct).as("one sentence per code").isGreaterThanOrEqualTo(sentences.size() - 4);

		showEveryState();
		for (String provider : everyStateProviders()) {
			assertThat(text("#explain-" + provider)).as(provider).contains("Next step:");
		}
		assertThat(text("#explain-p-error-timeout")).contains("did not answer in time").contains("TIMEOUT");
		assertThat(text("#details-p-error-timeout")).contains("Last checked")
			.contains("Next check")
			.contains("every 6 hours");
		assertThat(text("#details-p-active")).contains("Account").contains("acme-prod").contains("Team");
		assertThat(text("#findings-p-active")).contains("Warning: The key can also write").contains("Note:");
		assertThat(shadow("#reconnect-p-reauth").getDomAttribute("class")).contains("primary");
		assertThat(shadow("#reconnect-p-expired").isDisplayed()).isTrue();
		assertThat(text("#state-p-expired")).isEqualTo("Expired");
		assertThat(text("#explain-p-unknown")).contains("BRAND_NEW_CODE");
	}

	@Test
	@DisplayName("re-check now asks for a scan (202), and asking again at once shows the problem's detail and when"
			+ " to retry — runs once the collector has POST /api/integrations/{id}/scan (#10)")
	void recheckNow() {
		String token = stack.tokenFor("tenant-page-recheck", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		shadow("#demo-api_key").sendKeys(Fixtures.aWorkingDemoKey());
		shadow("#submit-demo").click();
		wait.until((page) -> "active".equals(stateOf("demo")));

		shadow("#recheck-demo").click();
		wait.until((page) -> !text("#message-demo").startsWith("Asking"));
		String first = text("#message-demo");
		assertThat(first).as("a problem's detail, never a status code").doesNotMatch(STATUS_CODE);
		Assumptions.assumeTrue(first.contains("Check requested"),
				"Skipped: the collector does not answer POST /api/integrations/{id}/scan yet (#10); the page said: "
						+ first);
		shadow("#recheck-demo").click();
		wait.until((page) -> !text("#message-demo").startsWith("Asking"));
		assertThat(text("#message-demo")).as("asked again within a minute").contains("Try again in");
	}

	@Test
	@DisplayName("last and next check, findings and the period show on the card once the status service reports them"
			+ " (#10)")
	void checkTimesAndFindingsFromTheScanner() throws Exception {
		String token = stack.tokenFor("tenant-page-scanner", Duration.ofMinutes(30));
		WebDriverWait wait = open(token);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		shadow("#demo-api_key").sendKeys(Fixtures.aWorkingDemoKey());
		shadow("#submit-demo").click();
		wait.until((page) -> "active".equals(stateOf("demo")));

		String details = http
			.send(HttpRequest.newBuilder(URI.create(stack.statusUrl() + "/api/integrations/status/demo"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Assumptions.assumeTrue(details.contains("\"lastCheckedAt\":\""),
				"Skipped: the status service does not report lastCheckedAt yet (#10): " + details);
		String lastChecked = details.replaceAll(".*\"lastCheckedAt\":\"([^\"]+)\".*", "$1");
		assertThat(shadow("#details-demo").findElements(org.openqa.selenium.By.cssSelector("time"))
			.stream()
			.map((time) -> time.getDomAttribute("datetime"))
			.toList()).contains(lastChecked);
		assertThat(text("#details-demo")).contains("Last checked");
		if (details.contains("\"nextCheckAt\":\"")) {
			assertThat(text("#details-demo")).contains("Next check");
		}
		List<String> findings = JsonPath.read(details, "$.findings[?(@.code != 'ACCOUNT')].message");
		for (String finding : findings) {
			assertThat(text("#findings-demo")).contains(finding);
		}
	}

	// --- every state, from canned answers -------------------------------------------

	private static List<String> everyStateProviders() {
		return List.of("p-pending", "p-active", "p-invalid", "p-revoked", "p-error-timeout", "p-unavailable", "p-rate",
				"p-egress", "p-lease", "p-unknown-provider", "p-integrity", "p-reauth", "p-expired", "p-unknown");
	}

	/**
	 * A second component on the page, fed canned answers by a stubbed fetch: one provider
	 * per state and reason, with check times, a period, findings and account metadata.
	 */
	private static void showEveryState() {
		browser.get(stack.statusUrl() + "/index.html");
		Object result = ((JavascriptExecutor) browser).executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						const now = Date.now();
						const at = (minutes) => new Date(now + minutes * 60000).toISOString();
						const cases = [
							['p-pending', 'PENDING_VERIFICATION', 'RECEIVED'], ['p-active', 'ACTIVE', 'VERIFIED'],
							['p-invalid', 'INVALID', 'REJECTED_BY_PLATFORM'], ['p-revoked', 'INVALID', 'REVOKED_AT_PLATFORM'],
							['p-error-timeout', 'ERROR', 'TIMEOUT'], ['p-unavailable', 'ERROR', 'PLATFORM_UNAVAILABLE'],
							['p-rate', 'ERROR', 'RATE_LIMITED'], ['p-egress', 'ERROR', 'EGRESS_REFUSED'],
							['p-lease', 'ERROR', 'LEASE_REFUSED'], ['p-unknown-provider', 'ERROR', 'UNKNOWN_PROVIDER'],
							['p-integrity', 'ERROR', 'INTEGRITY_FAILURE'], ['p-reauth', 'REAUTH_REQUIRED', 'INVALID_GRANT'],
							['p-expired', 'EXPIRED', 'NO_REFRESH_TOKEN'], ['p-unknown', 'ERROR', 'BRAND_NEW_CODE'],
						];
						const providers = cases.map(([id]) => ({ id, displayName: id.slice(2).replace(/-/g, ' '),
							authMode: ['p-reauth', 'p-expired'].includes(id) ? 'OAUTH2' : 'API_KEY',
							fields: [{ name: 'api_key', secret: true, required: true }] }));
						providers.push({ id: 'p-none', displayName: 'none', authMode: 'API_KEY',
							fields: [{ name: 'api_key', secret: true, required: true }, { name: 'account_sid', secret: false, required: false }] });
						const integrations = cases.map(([id, state, reason], index) => ({
							integrationId: 'int_' + index, provider: id, name: 'default', state, reason, usable: state === 'ACTIVE',
							version: 3, publicFields: id === 'p-active' ? { account: 'acme-prod' } : {},
							createdAt: at(-60 * 24 * 40), updatedAt: at(-5), lastVerifiedAt: at(-60),
							lastCheckedAt: at(-5), nextCheckAt: at(355), scanEvery: 'PT6H',
							findings: id === 'p-active' ? [
								{ code: 'ACCOUNT', severity: 'INFO', message: 'Account', attributes: { team: 'Platform team' } },
								{ code: 'OVER_SCOPED', severity: 'WARNING', message: 'The key can also write, more than Latchkey needs.', attributes: {} },
								{ code: 'OLD_KEY', severity: 'INFO', message: 'The key is over a year old.', attributes: {} }] : [],
						}));
						const json = (body) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
						window.fetch = async (url) => {
							const path = new URL(url).pathname;
							if (path === '/api/providers') {
								return json({ providers });
							}
							if (path === '/api/integrations/status/stream') {
								const snapshot = 'event: snapshot\\nid: 1\\ndata: ' + JSON.stringify({ providers: providers.map((p) => p.id), integrations }) + '\\n\\n';
								return new Response(new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(snapshot)); } }),
									{ headers: { 'Content-Type': 'text/event-stream' } });
							}
							return new Response(JSON.stringify({ detail: 'Not in this canned page.' }), { status: 404 });
						};
						import('/latchkey-integrations.js').then(() => {
							document.getElementById('notice').textContent = '';
							const old = document.querySelector('latchkey-integrations');
							const component = document.createElement('latchkey-integrations');
							component.setAttribute('collector-url', 'http://collector.invalid');
							old.replaceWith(component);
							component.tokenProvider = async () => 'canned';
							const check = () => {
								const badge = component.shadowRoot.getElementById('state-p-unknown');
								if (badge && badge.dataset.state !== 'loading') { done('shown'); } else { setTimeout(check, 50); }
							};
							check();
						}, (error) => done('import failed: ' + error));
						""");
		assertThat(result).isEqualTo("shown");
	}

	// --- the browser ----------------------------------------------------------------

	private static WebDriverWait open(String token) {
		// From the page itself, a link that differs only in its fragment would not load
		// anything: leave first, so every test starts from a fresh page with its own
		// tenant.
		browser.get("about:blank");
		browser.get(stack.statusPageUrl(token));
		return new WebDriverWait(browser, ON_SCREEN_WITHIN);
	}

	private static Object js(String script, Object... arguments) {
		return ((JavascriptExecutor) browser).executeScript(script, arguments);
	}

	/** An element inside the component's shadow root. */
	private static WebElement shadow(String selector) {
		Object found = js("const root = document.querySelector('latchkey-integrations').shadowRoot;"
				+ " return root ? root.querySelector(arguments[0]) : null;", selector);
		assertThat(found).as(selector).isNotNull();
		return (WebElement) found;
	}

	private static String text(String selector) {
		Object text = js("const root = document.querySelector('latchkey-integrations').shadowRoot;"
				+ " const found = root && root.querySelector(arguments[0]); return found ? found.textContent : '';",
				selector);
		return String.valueOf(text);
	}

	private static String pageText() {
		return String.valueOf(js("return document.querySelector('latchkey-integrations').shadowRoot.innerHTML;"));
	}

	private static String stateOf(String provider) {
		return String.valueOf(js("const root = document.querySelector('latchkey-integrations').shadowRoot;"
				+ " const badge = root && root.getElementById('state-' + arguments[0]);"
				+ " return badge ? badge.dataset.state : null;", provider));
	}

	/** The id of the focused element, looking through shadow roots. */
	private static String activeId() {
		return String.valueOf(
				js("""
						let active = document.activeElement;
						while (active && active.shadowRoot && active.shadowRoot.activeElement) { active = active.shadowRoot.activeElement; }
						return active ? active.id : null;
						"""));
	}

	private static boolean insideDialog() {
		return Boolean.TRUE.equals(
				js("""
						let active = document.activeElement;
						while (active && active.shadowRoot && active.shadowRoot.activeElement) { active = active.shadowRoot.activeElement; }
						return !!(active && active.closest('dialog[open]'));
						"""));
	}

	private static double focusOutlineWidth() {
		return Double.parseDouble(String.valueOf(
				js("""
						let active = document.activeElement;
						while (active && active.shadowRoot && active.shadowRoot.activeElement) { active = active.shadowRoot.activeElement; }
						return parseFloat(getComputedStyle(active).outlineWidth) || 0;
						""")));
	}

	private static void keys(CharSequence... keys) {
		new Actions(browser).sendKeys(keys).perform();
	}

	/** Presses Tab until the element with this id has focus (never clicks). */
	private static void tabTo(String id) {
		for (int presses = 0; presses < 200; presses++) {
			if (id.equals(activeId())) {
				return;
			}
			keys(Keys.TAB);
		}
		throw new AssertionError("Tab never reached #" + id + " (last focused: #" + activeId() + ")");
	}

	private static long innerWidth() {
		return ((Number) js("return document.documentElement.clientWidth;")).longValue();
	}

	/** How far the page is wider than the viewport, in CSS pixels. */
	private static long overflow() {
		return ((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
			.longValue();
	}

	/**
	 * Runs axe-core (from com.deque.html.axe-core's jar, injected into the page) over the
	 * document, shadow roots included; answers one line per violation.
	 */
	private static List<String> axe() {
		Object present = js("return typeof window.axe;");
		if (!"object".equals(present)) {
			js(axeSource());
		}
		Object result = ((JavascriptExecutor) browser).executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
							.then((results) => done(results.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — '
								+ v.nodes.map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary).join(' | '))),
								(error) => done(['axe failed: ' + error]));
						""");
		@SuppressWarnings("unchecked")
		List<String> violations = new ArrayList<>((List<String>) result);
		return violations;
	}

	private static String axeSource() {
		try (InputStream axe = StatusPageIT.class.getClassLoader().getResourceAsStream("axe.min.js")) {
			assertThat(axe).as("axe.min.js from com.deque.html.axe-core:selenium on the test classpath").isNotNull();
			return new String(axe.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Imports the module as any frontend would and asks it, in polling mode, for demo's
	 * state.
	 */
	private static Object pollOnce(String token) {
		return ((JavascriptExecutor) browser).executeAsyncScript(
				"""
						const token = arguments[0];
						const done = arguments[arguments.length - 1];
						import('/latchkey-status.js').then((module) => {
							let watch = null;
							watch = module.watchIntegrations({ token, mode: 'poll', pollInterval: 200, onChange: (providers) => {
								if (providers.demo && providers.demo.state !== 'loading') {
									setTimeout(() => watch.stop());
									done(providers.demo.state);
								}
							} });
						}, (error) => done('import failed: ' + error));
						""",
				token);
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	private static Path repositoryRoot() {
		return Path.of(System.getProperty("latchkey.repository.root", "..")).toAbsolutePath();
	}

}
