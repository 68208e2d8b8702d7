package io.dynamini.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The history browser at {@code /}, driven in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) as a person uses it: paste a key, browse users, collections and entries, open an entry's
 * timeline, read what a revision changed, travel in time, restore the deleted entry, watch a change arrive live; and
 * another application's key sees none of it. Skipped when Chromium is not installed, unless
 * {@code browser.required=true} ({@code .ci/run} sets it). Screenshots of the main views go to
 * {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.api-keys=src/test/resources/test-api-keys.json", "dynamini.table.name=browser",
				"dynamini.changes.poll-interval=100ms" })
class HistoryBrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static WebDriver browser;

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startBrowser() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (Boolean.getBoolean("browser.required")) {
			assertThat(installed).as("browser.required=true but %s or %s is missing: apt-get install chromium chromium-driver",
					CHROMIUM, CHROMEDRIVER).isTrue();
		}
		Assumptions.assumeTrue(installed, "Chromium is not installed (apt-get install chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900",
				"--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	String call(String method, String path, String key, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api" + path))
			.header("x-api-key", key)
			.header("Content-Type", "application/json")
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
		return response.body();
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
		return matcher.group(1);
	}

	WebDriverWait await() {
		return new WebDriverWait(browser, Duration.ofSeconds(20));
	}

	WebElement listItem(String listId, String text) {
		return await().until(driver -> driver.findElements(By.cssSelector("#" + listId + " li"))
			.stream()
			.filter(li -> li.getText().contains(text))
			.findFirst()
			.orElse(null));
	}

	void openWithKey(String key) {
		browser.get("http://localhost:" + port + "/");
		WebElement input = await().until(ExpectedConditions.elementToBeClickable(By.id("api-key")));
		input.sendKeys(key);
		browser.findElement(By.id("connect")).click();
		await().until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
	}

	void screenshot(String name) throws Exception {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Path folder = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
		Files.createDirectories(folder);
		Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	void aPersonBrowsesReadsChangesTravelsInTimeRestoresAndWatchesLiveAndAnotherApplicationSeesNothing()
			throws Exception {
		String user = "alice-" + System.nanoTime();
		String collection = field(call("POST", "/user/" + user + "/collection", "key-a", "{\"name\": \"notes\"}"),
				"collection");
		String entries = "/user/" + user + "/collection/" + collection + "/entry";
		String entry = field(call("POST", entries, "key-a", "{\"name\": \"todo\", \"value\": {\"title\": \"one\"}}"),
				"entry");
		call("PUT", entries + "/" + entry, "key-a", "{\"value\": {\"title\": \"two\", \"done\": true}}");
		call("DELETE", entries + "/" + entry, "key-a", null);
		call("POST", "/user/bob-of-b/collection", "key-b", "{\"name\": \"secret of b\"}");

		openWithKey("key-a");
		assertThat(browser.getCurrentUrl()).doesNotContain("key-a");
		assertThat(((JavascriptExecutor) browser)
			.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"))
			.asString()
			.doesNotContain("key-a");

		listItem("users", user).click();
		listItem("collections", "notes").click();
		new Select(browser.findElement(By.id("entry-filter"))).selectByValue("current");
		WebElement deleted = listItem("entries", "todo");
		assertThat(deleted.getAttribute("class")).contains("deleted");
		deleted.click();
		await().until(driver -> driver.findElements(By.cssSelector("#timeline li")).size() == 3);
		List<String> timeline = browser.findElements(By.cssSelector("#timeline li")).stream().map(WebElement::getText).toList();
		assertThat(timeline.get(0)).contains("INSERT", "revision 1", "by app-a");
		assertThat(timeline.get(1)).contains("UPDATE", "revision 2");
		assertThat(timeline.get(2)).contains("DELETE", "revision 3");
		screenshot("browse-and-timeline");

		browser.findElements(By.cssSelector("#timeline li")).get(1).click();
		await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("diff"), "/value/title"));
		String diff = browser.findElement(By.id("diff")).getText();
		assertThat(diff).contains("~ /value/title: \"one\" → \"two\"").contains("+ /value/done = true");
		screenshot("revision-diff");

		WebElement slider = browser.findElement(By.id("as-of-slider"));
		((JavascriptExecutor) browser).executeScript(
				"arguments[0].value = 0; arguments[0].dispatchEvent(new Event('input'));", slider);
		await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "\"one\""));
		assertThat(browser.findElement(By.id("state")).getText()).contains("as of").doesNotContain("\"two\"");
		screenshot("time-travel");

		browser.findElement(By.id("restore")).click();
		await().until(driver -> driver.findElements(By.cssSelector("#timeline li")).size() == 4);
		assertThat(browser.findElements(By.cssSelector("#timeline li")).get(3).getText()).contains("UPDATE", "revision 4");
		assertThat(listItem("entries", "todo").getAttribute("class")).doesNotContain("deleted");
		assertThat(call("GET", entries + "/" + entry, "key-a", null)).contains("\"two\"");

		await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "connected"));
		call("POST", entries, "key-a", "{\"name\": \"live one\", \"value\": {}}");
		await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live one"));
		assertThat(browser.findElement(By.id("live")).getText()).contains("INSERT entry live one");
		screenshot("live-changes");

		openWithKey("key-b");
		listItem("users", "bob-of-b");
		assertThat(browser.findElement(By.id("users")).getText()).doesNotContain(user);
		assertThat(browser.findElement(By.id("application")).getText()).contains("app-b");
	}
}
