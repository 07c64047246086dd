package dev.latchkey.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real browser (Debian's headless Chromium through chromedriver) on
 * the embedded default: a key added through the page's form turns active on screen, a bad
 * one invalid, without reloading. Screenshots are kept in {@code target/}.
 */
class StatusPageIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration ON_SCREEN_WITHIN = Duration.ofSeconds(60);

	private static Path home;

	private static Path profile;

	private static LocalStack stack;

	private static WebDriver browser;

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
				"--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(driver, options);
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

	@Test
	@DisplayName("a demo key added on the page turns active on screen, a bad one invalid, without a reload")
	void keysAddedOnThePageChangeStateOnScreen() throws IOException {
		String token = stack.tokenFor("tenant-page", Duration.ofMinutes(30));
		browser.get(stack.statusPageUrl(token));
		WebDriverWait wait = new WebDriverWait(browser, ON_SCREEN_WITHIN);
		wait.until((page) -> "unconfigured".equals(stateOf("demo")));
		assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(token);
		((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

		String working = Fixtures.aWorkingDemoKey();
		submitKey(working);
		wait.until((page) -> "active".equals(stateOf("demo")));
		screenshot("status-page-active.png");

		submitKey(Fixtures.aRejectedDemoKey());
		wait.until((page) -> "invalid".equals(stateOf("demo")));
		screenshot("status-page-invalid.png");

		assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
			.as("the page was never reloaded")
			.isEqualTo(true);
		assertThat(browser.getPageSource()).doesNotContain(working);
		assertThat(stateOf("twilio")).isEqualTo("unconfigured");
		assertThat(pollOnce(token)).as("the module, polling with ETags instead of streaming").isEqualTo("invalid");
	}

	@Test
	@DisplayName("pressing Connect runs the OAuth dance with the demo server and lands back on the page, active")
	void connectOnThePageFinishesTheOAuthDance() {
		String token = stack.tokenFor("tenant-page-oauth", Duration.ofMinutes(30));
		browser.get(stack.statusPageUrl(token));
		WebDriverWait wait = new WebDriverWait(browser, ON_SCREEN_WITHIN);
		wait.until((page) -> "unconfigured".equals(stateOf("demo-oauth")));

		browser.findElement(By.id("connect-demo-oauth")).click();

		wait.until((page) -> browser.getCurrentUrl().contains("integration_id=int_"));
		wait.until((page) -> "active".equals(stateOf("demo-oauth")));
		assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContain("code=");
	}

	/**
	 * Imports the module as any frontend would and asks it, in polling mode, for demo's
	 * state.
	 */
	private static Object pollOnce(String token) {
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
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

	private static void submitKey(String apiKey) {
		browser.findElement(By.id("demo-api_key")).sendKeys(apiKey);
		browser.findElement(By.id("submit-demo")).click();
	}

	private static String stateOf(String provider) {
		return browser.findElements(By.id("state-" + provider))
			.stream()
			.findFirst()
			.map((badge) -> badge.getDomAttribute("data-state"))
			.orElse(null);
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
