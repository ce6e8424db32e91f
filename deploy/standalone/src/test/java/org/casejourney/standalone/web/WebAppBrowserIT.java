package org.casejourney.standalone.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.generator.JourneyGenerator;
import org.casejourney.standalone.launcher.LocalKeys;
import org.casejourney.standalone.launcher.StandaloneConfig;
import org.casejourney.standalone.launcher.StandaloneSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The web application in a real browser: the system's Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs), driven through WebDriver, against the whole standalone system holding a generated year of
 * journeys. Each view is loaded as the role that may see it, and what it drew is held to what the API answers
 * for the same question (points, limits, rows), not just "the page loaded". Each view is also tabbed through
 * with the keyboard and checked by axe-core (WCAG 2.2 A and AA rules); a screenshot of each lands in
 * target/screenshots. Set -Dcasejourney.web.data-dir=DIR to run against a standalone system already running on
 * that data directory (its default ports) instead of starting one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAppBrowserIT {

    private static final int PEOPLE = 600;
    private static final long SEED = 42;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DOWNLOADS = Path.of("target", "downloads").toAbsolutePath();

    @TempDir
    static Path dataDir;
    static StandaloneSystem system;
    static URI querySide;
    static URI commandSide;
    static LocalKeys keys;
    static WebDriver browser;
    static String analyst;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Path driver = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            String missing = "No Chromium and chromedriver on this machine (apt-get install chromium chromium-driver; .ci/run does)";
            if ("required".equals(System.getenv("CASEJOURNEY_BROWSER_TESTS"))) {
                throw new IllegalStateException(missing + ", and CASEJOURNEY_BROWSER_TESTS=required");
            }
            Assumptions.abort(missing + ": the browser tests are skipped");
        }
        String running = System.getProperty("casejourney.web.data-dir");
        if (running != null) {
            keys = LocalKeys.in(Path.of(running));
            querySide = URI.create("http://localhost:8081");
            commandSide = URI.create("http://localhost:8080");
        } else {
            StandaloneConfig fromEnv = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
            system = StandaloneSystem.start(StandaloneConfig.isolated(dataDir).withAppsDir(fromEnv.appsDir()).withJavaOptions(fromEnv.javaOptions()));
            keys = system.keys();
            querySide = system.queryUrl();
            commandSide = system.commandUrl();
            loadDemoYear(system.commandUrl());
        }
        analyst = keys.access().analyst();
        awaitProjected();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,1500",
                "--disable-extensions", "--no-first-run", "--lang=en-GB");
        Files.createDirectories(DOWNLOADS);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private static List<JourneyGenerator.Person> people() {
        JourneyGenerator generator = new JourneyGenerator(JourneyGenerator.defaultPrefix(SEED), SEED, Instant.now().truncatedTo(ChronoUnit.DAYS), 365);
        List<JourneyGenerator.Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(generator.person(i));
        }
        return people;
    }

    private static void loadDemoYear(URI commandSide) {
        BatchPoster.Outcome outcome = new BatchPoster(commandSide, 2, keys.access().recorder()).post(BatchPoster.pack(people(), 500));
        assertThat(outcome.rejected()).as(outcome.problems().toString()).isZero();
    }

    /** Until the query side has applied everything on the topic and written everyone's journey and facts. */
    private static void awaitProjected() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode projections = api("/api/v1/projections", keys.access().admin());
            JsonNode lag = projections.path("projections").path(0).path("lag").path("records");
            if (lag.isNumber() && lag.asLong() == 0 && projections.path("projections").path(0).path("unfolded").asLong(-1) == 0
                    && projections.path("projections").path(0).path("partitions").size() > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the projection did not catch up: " + projections);
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode api(String pathAndQuery, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(querySide.resolve(pathAndQuery))
                .header("Authorization", authorization).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode apiPost(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(querySide.resolve(path)).header("Authorization", analyst)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    // --- driving the page

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    /** Signs in through the local identity provider: one click on the app's sign-in page. */
    private static void signInAs(String role) {
        browser.get(querySide.resolve("/app/").toString());
        Object signedIn = ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('casejourney.session')");
        if (signedIn != null && whoText().contains(role)) {
            return;
        }
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.get(querySide.resolve("/app/").toString());
        waiting().until(d -> !d.findElements(By.cssSelector("button[data-role='" + role + "']")).isEmpty());
        browser.findElement(By.cssSelector("button[data-role='" + role + "']")).click();
        try {
            waiting().until(d -> whoText().contains(role + "-local"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not signed in as " + role + ": at " + browser.getCurrentUrl() + " the page says: "
                    + browser.getPageSource(), e);
        }
    }

    /**
     * The texts of the signed-in user's line, read in the page in one call: the app renders that line again as the
     * session settles, and an element found first and read after could already be gone (a stale element in CI).
     */
    private static String whoText() {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#who span')).map(s => s.textContent).join('\\n')");
        return text == null ? "" : text.toString();
    }

    private static void open(String route) {
        browser.get(querySide.resolve("/app/#" + route).toString());
    }

    private static WebElement await(String css) {
        return waiting().until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    private static void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static double value(WebElement element) {
        return Double.parseDouble(element.getAttribute("data-value"));
    }

    private static List<WebElement> all(WebElement within, String css) {
        return within.findElements(By.cssSelector(css));
    }

    // --- the views

    @Test
    @Order(1)
    void failureDemandDrawsEachServicesRatesAndTheLimitsTheApiGives() throws Exception {
        signInAs("analyst");
        open("/failure-demand?groupBy=service&bucket=month");
        await("section.group svg.xmr-chart");
        JsonNode answer = api("/api/v1/failure-demand?groupBy=service&bucket=month", analyst);
        List<WebElement> sections = browser.findElements(By.cssSelector("section.group"));
        assertThat(sections).hasSize(answer.path("groups").size()).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode group : answer.path("groups")) {
            WebElement section = browser.findElement(By.cssSelector("section.group[data-group='" + group.path("group").asText() + "']"));
            List<Double> rates = new ArrayList<>();
            group.path("series").forEach(p -> {
                if (!p.path("rate").isNull()) {
                    rates.add(p.path("rate").asDouble());
                }
            });
            List<WebElement> points = all(section, "svg.xmr-chart .points .point");
            assertThat(points).as(group.path("group").asText()).hasSize(rates.size());
            for (int i = 0; i < rates.size(); i++) {
                assertThat(value(points.get(i))).isCloseTo(rates.get(i), within(1e-9));
            }
            JsonNode xmr = group.path("xmr");
            assertThat(value(section.findElement(By.cssSelector("line.mean")))).isCloseTo(xmr.path("mean").asDouble(), within(1e-9));
            assertThat(value(section.findElement(By.cssSelector("line.upper-limit")))).isCloseTo(xmr.path("upperLimit").asDouble(), within(1e-9));
            assertThat(value(section.findElement(By.cssSelector("line.lower-limit")))).isCloseTo(xmr.path("lowerLimit").asDouble(), within(1e-9));
            if (xmr.path("signals").isEmpty()) {
                assertThat(all(section, ".point.signal")).isEmpty();
            } else {
                assertThat(all(section, ".point.signal")).isNotEmpty();
            }
            assertThat(all(section, "svg.bar-chart rect.bar")).isNotEmpty();
        }
        assertThat(browser.getCurrentUrl()).as("the filters are in the URL").contains("groupBy=service").contains("bucket=month");
        screenshot("failure-demand");

        Path csv = DOWNLOADS.resolve("failure-demand.csv");
        Files.deleteIfExists(csv);
        browser.findElements(By.cssSelector(".actions button")).stream().filter(b -> b.getText().equals("Download CSV")).findFirst().orElseThrow().click();
        waiting().until(d -> Files.exists(csv));
        List<String> rows = List.of(Files.readString(csv).split("\r\n"));
        assertThat(rows.get(0)).as("a spreadsheet's CSV: byte-order mark, then the header").startsWith("\uFEFFgroup,start,contacts,failure_contacts,rate,");
        assertThat(rows).hasSize(1 + answer.path("groups").size() * answer.path("groups").path(0).path("series").size());
    }

    @Test
    @Order(2)
    void theFiltersChangeTheUrlSoAViewCanBeShared() {
        signInAs("analyst");
        open("/failure-demand");
        await("section.group svg.xmr-chart");
        WebElement service = browser.findElement(By.cssSelector("form.filters input[name='service']"));
        service.clear();
        service.sendKeys("housing");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("form.filters select[name='groupBy']"))).selectByValue("team");
        browser.findElement(By.cssSelector("form.filters button[type='submit']")).click();
        waiting().until(d -> d.getCurrentUrl().contains("service=housing") && d.getCurrentUrl().contains("groupBy=team"));
        waiting().until(d -> d.findElements(By.cssSelector("section.group")).stream()
                .map(e -> e.getAttribute("data-group")).toList().containsAll(List.of("housing-options", "tenancy-support")));
        String shared = browser.getCurrentUrl();
        browser.get("about:blank");
        browser.get(shared);
        await("section.group[data-group='housing-options'] svg.xmr-chart");
        assertThat(browser.findElements(By.cssSelector("section.group")).stream().map(e -> e.getAttribute("data-group")))
                .containsExactlyInAnyOrder("housing-options", "tenancy-support");
    }

    @Test
    @Order(3)
    void endToEndDrawsTheCapabilityChartAndTheDistribution() throws Exception {
        signInAs("analyst");
        open("/end-to-end");
        await("section.group svg.histogram");
        JsonNode group = api("/api/v1/end-to-end?bucket=month", analyst).path("groups").path(0);
        WebElement section = browser.findElement(By.cssSelector("section.group"));
        long means = 0;
        for (JsonNode p : group.path("series")) {
            means += p.path("mean").isNull() ? 0 : 1;
        }
        assertThat(all(section, "svg.xmr-chart .point")).hasSize((int) means).isNotEmpty();
        assertThat(value(section.findElement(By.cssSelector("line.upper-limit")))).isCloseTo(group.path("xmr").path("upperLimit").asDouble(), within(1e-9));
        List<Integer> counts = new ArrayList<>();
        group.path("distribution").path("bins").forEach(b -> {
            if (!b.path("suppressed").asBoolean() && b.path("episodes").asInt() > 0) {
                counts.add(b.path("episodes").asInt());
            }
        });
        assertThat(all(section, "svg.histogram rect.bin").stream().map(e -> (int) value(e)).toList()).containsExactlyElementsOf(counts).isNotEmpty();
        screenshot("end-to-end");
    }

    @Test
    @Order(4)
    void theCohortFormComparesTwoTeamsAsTheApiDoes() throws Exception {
        signInAs("analyst");
        open("/cohorts");
        WebElement form = await("form.cohorts-form");
        form.findElement(By.name("a.team")).sendKeys("reablement-south");
        form.findElement(By.name("b.team")).sendKeys(JourneyGenerator.REDESIGNED_TEAM);
        form.findElement(By.cssSelector("button[type='submit']")).click();
        WebElement table = await("table.comparison");
        JsonNode answer = apiPost("/api/v1/cohorts/compare", "{\"a\":{\"team\":\"reablement-south\"},\"b\":{\"team\":\"" + JourneyGenerator.REDESIGNED_TEAM + "\"}}");
        WebElement people = table.findElements(By.cssSelector("tbody tr")).get(0);
        List<WebElement> cells = people.findElements(By.cssSelector("td"));
        assertThat(cells.get(0).getText()).isEqualTo(String.valueOf(answer.path("a").path("people").asInt()));
        assertThat(cells.get(1).getText()).isEqualTo(String.valueOf(answer.path("b").path("people").asInt()));
        assertThat(table.getText()).contains("Returning demand");
        assertThat(browser.getCurrentUrl()).contains("a.team=reablement-south");
        screenshot("cohorts");
    }

    @Test
    @Order(5)
    void anAnalystOpensAJourneyByPseudonymAndSeesEveryEventAsAMark() throws Exception {
        signInAs("analyst");
        JourneyGenerator.Person person = people().stream().max((x, y) -> Integer.compare(x.events().size(), y.events().size())).orElseThrow();
        String pseudonym = keys.pseudonyms().of(person.personId());
        open("/journey?pseudonym=" + pseudonym);
        WebElement chart = await("svg.swimlane");
        JsonNode journey = api("/api/v1/journeys/" + pseudonym, analyst);
        assertThat(all(chart, "g.mark")).hasSize(journey.path("timeline").size());
        Set<String> teams = new LinkedHashSet<>();
        journey.path("timeline").forEach(e -> {
            JsonNode event = e.path("effective").isMissingNode() || e.path("effective").isNull() ? e.path("event") : e.path("effective");
            if (event.hasNonNull("team")) {
                teams.add(event.path("team").asText());
            }
        });
        assertThat(all(chart, "text.lane-label").stream().map(WebElement::getText).toList()).containsAll(teams.stream().map(t -> t.length() > 28 ? t.substring(0, 27) + "…" : t).toList());
        assertThat(all(chart, "rect.episode")).hasSize(journey.path("episodes").size());
        assertThat(browser.findElements(By.cssSelector("table.timeline tbody tr"))).hasSize(journey.path("timeline").size());
        screenshot("journey-analyst");

        open("/journey?find.team=" + JourneyGenerator.REDESIGNED_TEAM);
        WebElement found = await("table.people");
        JsonNode listed = api("/api/v1/cohorts/people?limit=50&team=" + JourneyGenerator.REDESIGNED_TEAM, analyst);
        List<WebElement> links = found.findElements(By.cssSelector("tbody a"));
        assertThat(links).hasSize(listed.path("shown").size()).isNotEmpty();
        String first = listed.path("shown").path(0).path("pseudonym").asText();
        assertThat(links.get(0).getText()).isEqualTo(first);
        links.get(0).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("pseudonym=" + first) && !d.findElements(By.cssSelector("svg.swimlane")).isEmpty());
    }

    @Test
    @Order(6)
    void anAuditorReadsAJourneyAsRecordedWithItsChainAndTheAsOfSlider() throws Exception {
        JourneyGenerator.Person person = people().get(8);
        org.casejourney.events.PersonEvent contact = person.events().stream()
                .filter(e -> e instanceof org.casejourney.events.ContactRecorded).findFirst().orElseThrow();
        // recorded later than the person's other events, so the slider has an instant before it and one after;
        // the same content every run, so a second run against the same system is a retry
        String correction = "{\"type\":\"EventCorrected\",\"eventId\":\"web-it-fix-" + person.personId() + "\",\"occurredAt\":\"" + contact.occurredAt().plusSeconds(3600)
                + "\",\"correctsEventId\":\"" + contact.eventId() + "\",\"changes\":{\"durationMinutes\":99},\"reason\":\"browser test: the call was longer\"}";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(commandSide.resolve("/api/v1/persons/" + person.personId() + "/events"))
                .header("Authorization", keys.access().recorder()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(correction)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isIn(200, 201);

        signInAs("auditor");
        open("/journey?person=" + person.personId() + "&purpose=" + URLEncoder.encode("browser test 2026-12", StandardCharsets.UTF_8));
        WebElement verification = await("p.verification");
        assertThat(verification.getAttribute("data-status")).isEqualTo("intact");
        WebElement chart = await("svg.swimlane");
        assertThat(all(chart, "g.mark")).hasSize(person.events().size() + 1);
        assertThat(all(chart, "g.mark[data-status='AMENDMENT']")).hasSize(1);
        assertThat(all(chart, "g.mark[data-status='CORRECTED']")).hasSize(1);
        WebElement slider = browser.findElement(By.id("as-of-slider"));
        slider.sendKeys(Keys.HOME);
        waiting().until(d -> d.findElement(By.id("as-of-value")).getText().contains("(1 of 2)"));
        waiting().until(d -> d.findElements(By.cssSelector(".loading")).isEmpty()
                && d.findElements(By.cssSelector("svg.swimlane g.mark")).size() == person.events().size());
        assertThat(browser.findElements(By.cssSelector("svg.swimlane g.mark[data-status='AMENDMENT']"))).as("not yet recorded then").isEmpty();
        assertThat(browser.findElements(By.cssSelector("svg.swimlane g.mark[data-status='CORRECTED']"))).isEmpty();
        browser.findElement(By.id("as-of-slider")).sendKeys(Keys.END);
        waiting().until(d -> d.findElements(By.cssSelector(".loading")).isEmpty()
                && d.findElements(By.cssSelector("svg.swimlane g.mark[data-status='AMENDMENT']")).size() == 1);
        screenshot("journey-auditor");
    }

    @Test
    @Order(7)
    void handoffsDrawTheNetworkTheApiGives() throws Exception {
        signInAs("analyst");
        open("/handoffs?kind=referrals");
        WebElement chart = await("svg.network");
        JsonNode answer = api("/api/v1/handoffs", analyst);
        List<JsonNode> shown = new ArrayList<>();
        answer.path("teams").path("referrals").forEach(e -> {
            if (!e.path("suppressed").asBoolean()) {
                shown.add(e);
            }
        });
        assertThat(all(chart, ".edge")).hasSize(shown.size()).isNotEmpty();
        for (JsonNode edge : shown) {
            WebElement drawn = chart.findElement(By.cssSelector(".edge[data-from='" + edge.path("from").asText() + "'][data-to='" + edge.path("to").asText() + "']"));
            assertThat((int) value(drawn)).isEqualTo(edge.path("count").asInt());
        }
        screenshot("handoffs");
    }

    @Test
    @Order(8)
    void anAdministratorSeesTheProjectionsLagAndParkedRecords() throws Exception {
        signInAs("admin");
        open("/operations");
        WebElement projection = await("section.projection[data-projection='journey']");
        assertThat(projection.getText()).contains("LIVE").contains("records behind").contains("parked records").contains("people awaiting their fold");
        assertThat(browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList()).containsExactly("Operations");
        screenshot("operations");
    }

    @Test
    @Order(9)
    void eachRoleSeesOnlyItsViews() {
        signInAs("analyst");
        assertThat(browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList())
                .containsExactly("Failure demand", "End to end", "Cohorts", "A journey", "Handoffs");
        open("/operations");
        waiting().until(d -> d.findElement(By.cssSelector("main h1")).getText().equals("Not allowed"));
        signInAs("auditor");
        assertThat(browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList()).containsExactly("A journey");
    }

    // --- keyboard and accessibility, every view

    /** Every view, as the role that sees it, with its charts drawn (a journey open for each of its readers). */
    static Map<String, String> views() {
        JourneyGenerator.Person person = people().get(8);
        return Map.of(
                "/failure-demand?bucket=month", "analyst", "/end-to-end", "analyst", "/cohorts?a.team=reablement-south&b.team=reablement-north", "analyst",
                "/handoffs", "analyst", "/operations", "admin", "/journey?pseudonym=" + keys.pseudonyms().of(person.personId()), "analyst",
                "/journey?find.team=reablement-north", "analyst",
                "/journey?person=" + person.personId() + "&purpose=accessibility%20check", "auditor");
    }

    @Test
    @Order(10)
    void everyViewCanBeUsedWithTheKeyboardAlone() {
        views().forEach((route, role) -> {
            signInAs(role);
            open(route);
            await("main h1");
            waiting().until(d -> d.findElements(By.cssSelector(".loading")).isEmpty());
            browser.navigate().refresh(); // the keyboard starts from the top of a freshly loaded page
            await("main h1");
            waiting().until(d -> d.findElements(By.cssSelector(".loading")).isEmpty());
            List<String> reached = new ArrayList<>();
            Actions keys = new Actions(browser);
            for (int i = 0; i < 40; i++) {
                keys.sendKeys(Keys.TAB).perform();
                WebElement focused = browser.switchTo().activeElement();
                if (focused.getTagName().equals("body")) {
                    continue; // past the page's last control, the focus leaves the document before it comes round again
                }
                String described = describe(focused);
                reached.add(described);
                String outline = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(arguments[0]).outlineStyle", focused);
                assertThat(outline).as(route + ": the focus is visible on " + described).isNotEqualTo("none");
            }
            assertThat(reached).as(route + ": the skip link comes first").first().isEqualTo("a[skip]");
            List<WebElement> controls = browser.findElements(By.cssSelector("main input:not([type='hidden']), main select, main button, main summary, main a[href]"));
            assertThat(controls).as(route).isNotEmpty();
            WebElement first = controls.get(0);
            String firstName = describe(first);
            assertThat(reached).as(route + ": tabbing reaches the view's first control").contains(firstName);
        });
    }

    /** An element as the keyboard test names it: its tag and its name, id or text. */
    private static String describe(WebElement element) {
        String name = element.getDomAttribute("name") != null ? element.getDomAttribute("name")
                : element.getDomAttribute("id") != null ? element.getDomAttribute("id") : element.getText();
        return element.getTagName() + "[" + name + "]";
    }

    @Test
    @Order(11)
    void axeFindsNoWcagViolationOnAnyView() throws Exception {
        String axe;
        try (InputStream in = WebAppBrowserIT.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe-core on the test classpath").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> view : views().entrySet()) {
            signInAs(view.getValue());
            open(view.getKey());
            await("main h1");
            waiting().until(d -> d.findElements(By.cssSelector(".loading")).isEmpty());
            ((JavascriptExecutor) browser).executeScript(axe);
            Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
                            + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))"
                            + ".catch(e => done('error: ' + e));");
            JsonNode violations = JSON.readTree(String.valueOf(result));
            violations.forEach(v -> found.add(view.getKey() + ": " + v));
        }
        assertThat(found).as("axe-core violations").isEmpty();
    }
}
