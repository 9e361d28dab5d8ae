package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.dialog;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.press;
import static org.writeahead.editor.EditorHarness.rows;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javafx.scene.control.DialogPane;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.hub.FakeHub;
import org.writeahead.hub.HubDownloader;
import org.writeahead.model.Gpt2Config;
import org.writeahead.settings.SettingsStore;
import org.writeahead.suggest.SuggestionSession.State;
import org.writeahead.testing.Fixtures;
import org.writeahead.testing.StubSuggester;

/**
 * The Model menu: every size with whether it is on disk; a size that is not is downloaded from
 * a hub on 127.0.0.1 (the tests' fake hub serving the tiny GPT-2 under the gpt2 id) into a
 * temporary cache, with a progress window and Cancel, and then serves; a size that does not fit
 * the memory is refused while the current model keeps serving; the first-start bar.
 */
@ExtendWith(ApplicationExtension.class)
class EditorModelMenuTest {

    static final String GPT2_REPO = "openai-community/gpt2";
    static final long TOKENIZER_BYTES = 1_505_922;
    static final long WEIGHTS_BYTES = 6_545_344;

    @TempDir
    Path dir;

    private Stage stage;
    private EditorWindow window;
    private FakeHub hub;
    private final Map<String, String> env = new HashMap<>();
    /** The folders the editor loaded, in order, and the stub serving for each. */
    private final List<Path> loaded = new CopyOnWriteArrayList<>();
    private final List<StubSuggester> stubs = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        hub = new FakeHub().serve(GPT2_REPO, Fixtures.TINY_GPT2, "expected.json");
        env.put("HF_ENDPOINT", hub.endpoint());
    }

    @AfterEach
    void stop() {
        EditorHarness.closeDialogs();
        if (window != null) {
            fx(() -> {
                window.shutdown(false);
                window.stage().hide();
                return null;
            });
        }
        hub.close();
    }

    private EditorContext context(MemoryFit.Available memory) throws IOException {
        return context(memory, EditorHarness.shortSuggestions());
    }

    private EditorContext context(MemoryFit.Available memory, org.writeahead.settings.Settings settings) throws IOException {
        return EditorHarness.context(dir, settings, (folder, device) -> {
            loaded.add(folder);
            StubSuggester s = new StubSuggester();
            stubs.add(s);
            return s;
        }, true, Duration.ofMinutes(5), env, memory);
    }

    private EditorWindow open(MemoryFit.Available memory) throws IOException {
        return open(memory, EditorHarness.shortSuggestions());
    }

    private EditorWindow open(MemoryFit.Available memory, org.writeahead.settings.Settings settings) throws IOException {
        EditorContext context = context(memory, settings);
        window = fx(() -> {
            EditorWindow w = new EditorWindow(stage, context);
            w.show(null);
            return w;
        });
        waitFor("the bundled model", () -> ModelCatalog.BUNDLED.equals(window.switcher().serving()));
        return window;
    }

    private List<String> menuLabels() {
        return fx(() -> window.switcher().menu().getItems().stream().map(i -> i.getText() == null ? "-" : i.getText()).toList());
    }

    private MenuItem menuItem(String label) {
        return fx(() -> window.switcher().menu().getItems().stream().filter(i -> label.equals(i.getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no menu item " + label + " in " + window.switcher().menu().getItems())));
    }

    private void choose(String label) {
        MenuItem item = menuItem(label);
        assertFalse(fx(item::isDisable), label + " is enabled");
        fx(() -> {
            item.fire();
            return null;
        });
    }

    /** A complete snapshot in the hub cache, as a download leaves it; {@code config} replaces the tiny one's. */
    private Path cached(String repo, Gpt2Config config) throws IOException {
        Path repoFolder = EditorHarness.hubCache(dir).resolve("models--" + repo.replace("/", "--"));
        Path snapshot = Files.createDirectories(repoFolder.resolve("snapshots").resolve(FakeHub.COMMIT));
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            Files.copy(Fixtures.TINY_GPT2.resolve(f), snapshot.resolve(f));
        }
        if (config != null) {
            Files.delete(snapshot.resolve("config.json"));
            config.write(snapshot.resolve("config.json"));
        }
        Files.createDirectories(repoFolder.resolve("refs"));
        Files.writeString(repoFolder.resolve("refs/main"), FakeHub.COMMIT);
        return snapshot;
    }

    private Path gpt2Snapshot() {
        return EditorHarness.hubCache(dir).resolve("models--openai-community--gpt2/snapshots/" + FakeHub.COMMIT).toAbsolutePath();
    }

    private List<Path> incompleteBlobs() throws IOException {
        Path blobs = EditorHarness.hubCache(dir).resolve("models--openai-community--gpt2/blobs");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(blobs)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".incomplete")).toList();
        }
    }

    @Test
    void theMenuListsEverySizeWithWhetherItIsOnDiskAndSwitchesToOneThatIs() throws IOException {
        Path gpt2 = cached(GPT2_REPO, null);
        Path mine = Files.createDirectories(dir.resolve("models/my-gpt2"));
        Files.copy(Fixtures.TINY_GPT2.resolve("config.json"), mine.resolve("config.json"));
        open(EditorHarness.PLENTY);
        long tiny = Gpt2Config.read(Fixtures.TINY_GPT2.resolve("config.json")).parameterCount();

        assertEquals(List.of("WriteAhead books (bundled)", "DistilGPT-2 (82M) — download 354 MB…", "GPT-2 small (124M)",
                "GPT-2 medium (355M) — download 1.5 GB…", "GPT-2 large (774M) — download 3.2 GB…", "GPT-2 XL (1.6B) — download 6.4 GB…",
                "-", "my-gpt2 (" + StatusBar.parameters(tiny) + ", models/)", "-", "Open model folder…"), menuLabels());
        assertTrue(fx(() -> ((RadioMenuItem) menuItem("WriteAhead books (bundled)")).isSelected()));
        assertFalse(fx(() -> menuItem("GPT-2 small (124M)") instanceof RadioMenuItem r && r.isSelected()));
        assertNull(fx(() -> window.downloads().gpt2Bar()), "a GPT-2 is on disk: no first-start bar");

        StubSuggester bundled = stubs.get(0);
        choose("GPT-2 small (124M)");
        waitFor("gpt2", () -> "gpt2".equals(window.switcher().serving()));
        assertEquals(List.of(dir.resolve("models").resolve(ModelCatalog.BUNDLED), gpt2), loaded);
        assertTrue(fx(() -> window.status().modelText()).startsWith("gpt2 · "), fx(() -> window.status().modelText()));
        assertEquals("gpt2", new SettingsStore(dir.resolve("config")).load().model(), "the choice is saved");
        waitFor("the old model to be closed", () -> bundled.closed);
        assertTrue(fx(() -> ((RadioMenuItem) menuItem("GPT-2 small (124M)")).isSelected()));

        choose("my-gpt2 (" + StatusBar.parameters(tiny) + ", models/)");
        waitFor("my-gpt2", () -> "my-gpt2".equals(window.switcher().serving()));
        assertEquals(mine, loaded.get(2));
        assertEquals("my-gpt2", new SettingsStore(dir.resolve("config")).load().model());
        assertTrue(hub.requests().isEmpty(), "nothing connects unless a download is asked for: " + hub.requests());
    }

    @Test
    void aSizeThatIsNotOnDiskIsDownloadedWithProgressThenServes() throws IOException {
        open(EditorHarness.PLENTY);
        hub.throttle = 3_000_000; // about two seconds for the weights: time to watch the progress
        choose("GPT-2 small (124M) — download 549 MB…");
        DialogPane ask = dialog("Download GPT-2 small (124M)?");
        String question = fx(ask::getContentText);
        long needs = MemoryFit.estimate(ModelCatalog.size("gpt2").orElseThrow().config(), 3).total();
        assertTrue(question.startsWith("GPT-2 small (124M) is not on disk. Download about 549 MB from " + hub.endpoint() + " into "
                + EditorHarness.hubCache(dir).toAbsolutePath() + "?"), question);
        assertTrue(question.contains("Running it needs about " + MemoryFit.gigabytes(needs) + " of memory (" + MemoryFit.gigabytes(EditorHarness.PLENTY.available()) + " available)."), question);
        assertTrue(hub.requests().isEmpty(), "nothing is fetched before the user says so");
        press(ask, "Download");

        waitFor("the progress window", () -> window.downloads().dialog() != null && window.downloads().dialog().isShowing());
        assertEquals("GPT-2 small (124M) — downloading…", menuLabels().get(2));
        assertTrue(fx(() -> menuItem("GPT-2 small (124M) — downloading…").isDisable()), "no second download of it");
        waitFor("the weights coming in", () -> window.downloads().dialog() != null
                && window.downloads().dialog().fileText().equals("model.safetensors: downloading")
                && window.downloads().dialog().progressValue() > 0.2 && window.downloads().dialog().progressValue() < 1);
        String figures = fx(() -> window.downloads().dialog() == null ? "gone" : window.downloads().dialog().figuresText());
        String inStatus = fx(() -> window.status().downloadText());
        assertTrue(inStatus != null && inStatus.matches("downloading gpt2 · [0-9]{1,3}%"), "the status bar shows it too: " + inStatus);
        assertTrue(figures.matches("[0-9.]+ (kB|MB) of 8\\.1 MB in all · [0-9.]+ (kB|MB)/s · ([0-9]+ s left|estimating time left)"), figures);

        // Esc (the key that closes the suggestion list) hides the window but never stops the download.
        fx(() -> {
            javafx.scene.Scene scene = window.downloads().dialog().stage().getScene();
            javafx.event.Event.fireEvent(scene, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                    KeyCode.ESCAPE, false, false, false, false));
            return null;
        });
        assertFalse(fx(() -> window.downloads().dialog().isShowing()), "Esc hides the progress window");
        assertNotNull(fx(() -> window.downloads().download()), "and the download goes on");
        fx(() -> {
            window.downloads().dialog().bringBack();
            return null;
        });
        assertTrue(fx(() -> window.downloads().dialog().isShowing()), "the status bar's progress brings it back");

        waitFor("gpt2 to serve", () -> "gpt2".equals(window.switcher().serving()));
        assertNull(fx(() -> window.downloads().dialog()), "the progress window closed");
        assertNull(fx(() -> window.downloads().download()));
        assertNull(fx(() -> window.status().downloadText()));
        assertEquals(gpt2Snapshot(), loaded.get(loaded.size() - 1).toAbsolutePath());
        assertTrue(HubDownloader.isComplete(gpt2Snapshot()));
        assertArrayEqualsFile(Fixtures.TINY_GPT2.resolve("model.safetensors"), gpt2Snapshot().resolve("model.safetensors"));
        assertEquals("gpt2", new SettingsStore(dir.resolve("config")).load().model());
        assertEquals("GPT-2 small (124M)", menuLabels().get(2));
        assertNull(fx(() -> window.downloads().gpt2Bar()), "GPT-2 is on disk now: the first-start bar went");
        assertTrue(hub.requests().stream().allMatch(r -> r.path().contains("openai-community/gpt2") || r.path().startsWith("/lfs/")));
    }

    private static void assertArrayEqualsFile(Path expected, Path actual) throws IOException {
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual));
    }

    @Test
    void cancelStopsTheDownloadKeepsThePartForAResumeAndTheBundledModelServes(FxRobot robot) throws IOException, InterruptedException {
        open(EditorHarness.PLENTY);
        hub.throttle = 400_000; // 16 s for the weights: cancelled long before they are done
        Gpt2Bar bar = fx(() -> window.downloads().gpt2Bar());
        assertNotNull(bar);
        fx(() -> {
            bar.downloadButton().fire();
            return null;
        });
        waitFor("the weights coming in", () -> window.downloads().dialog() != null
                && window.downloads().dialog().fileText().equals("model.safetensors: downloading")
                && window.downloads().dialog().progressValue() > 0.2);
        assertTrue(fx(() -> bar.downloadButton().isDisable()), "the bar waits for the download");
        ModelDownloadHandle running = new ModelDownloadHandle(fx(() -> window.downloads().download()));
        fx(() -> {
            window.downloads().dialog().cancelButton().fire();
            return null;
        });
        waitFor("the download to stop", () -> window.downloads().download() == null);
        assertTrue(running.download.join(5000), "the download thread ended");
        assertNull(fx(() -> window.downloads().dialog()), "the progress window closed");
        assertEquals("download of gpt2 cancelled; it continues where it stopped next time", fx(() -> window.status().stateText()));
        assertEquals(ModelCatalog.BUNDLED, fx(() -> window.switcher().serving()), "the bundled model still serves");
        assertEquals(ModelCatalog.BUNDLED, new SettingsStore(dir.resolve("config")).load().model());
        assertFalse(HubDownloader.isComplete(gpt2Snapshot()), "nothing partial in the snapshot");
        List<Path> parts = incompleteBlobs();
        assertEquals(1, parts.size(), "the weights' part is kept: " + parts);
        long kept = Files.size(parts.get(0));
        assertTrue(kept > 0 && kept < WEIGHTS_BYTES, "a part of the weights: " + kept);
        int requests = hub.requests().size();
        Thread.sleep(600);
        assertEquals(requests, hub.requests().size(), "no more requests after Cancel");
        assertEquals(kept, Files.size(parts.get(0)), "nothing more is written after Cancel");
        assertFalse(fx(() -> bar.downloadButton().isDisable()));
        assertEquals("GPT-2 small (124M) — download 549 MB…", menuLabels().get(2));
        robot.write("Still");
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(3, rows(window).size(), "the bundled model serves meanwhile");
        robot.type(KeyCode.ESCAPE);

        // Download again: it continues from the part (a Range request), and then serves.
        hub.throttle = 0;
        fx(() -> {
            bar.downloadButton().fire();
            return null;
        });
        waitFor("gpt2 to serve", () -> "gpt2".equals(window.switcher().serving()));
        FakeHub.Request resumed = hub.requests().stream().filter(r -> r.server().equals("cdn") && r.method().equals("GET"))
                .reduce((a, b) -> b).orElseThrow();
        assertNotNull(resumed.range(), "the second download resumes");
        long from = Long.parseLong(resumed.range().substring("bytes=".length(), resumed.range().length() - 1));
        assertTrue(from > 0 && from <= kept, "it resumes from the kept part: " + from + " of " + kept);
        assertTrue(HubDownloader.isComplete(gpt2Snapshot()));
        assertArrayEqualsFile(Fixtures.TINY_GPT2.resolve("model.safetensors"), gpt2Snapshot().resolve("model.safetensors"));
        assertEquals(List.of(), incompleteBlobs());
    }

    /** Holds a download across the FX thread hand-over. */
    private record ModelDownloadHandle(org.writeahead.suggest.ModelDownload download) {}

    @Test
    void aSizeDownloadedByAnotherProgramIsSeenWhenTheMenuOpensAndTheBarGoes() throws IOException {
        open(EditorHarness.PLENTY);
        assertNotNull(fx(() -> window.downloads().gpt2Bar()));
        assertEquals("GPT-2 small (124M) — download 549 MB…", menuLabels().get(2));
        cached(GPT2_REPO, null); // as `writeahead download gpt2` leaves it, while the editor runs
        fx(() -> {
            window.switcher().menu().getOnShowing().handle(new javafx.event.Event(javafx.scene.control.Menu.ON_SHOWING));
            return null;
        });
        assertEquals("GPT-2 small (124M)", menuLabels().get(2), "on disk now: chosen, not downloaded");
        assertNull(fx(() -> window.downloads().gpt2Bar()), "GPT-2 is on disk: the bar went");
        choose("GPT-2 small (124M)");
        waitFor("gpt2 to serve", () -> "gpt2".equals(window.switcher().serving()));
        assertTrue(hub.requests().isEmpty(), "nothing was downloaded");
    }

    @Test
    void theFirstStartBarShowsWithoutGpt2UntilItIsClosedForGood() throws IOException {
        open(EditorHarness.PLENTY);
        Gpt2Bar bar = fx(() -> window.downloads().gpt2Bar());
        assertNotNull(bar, "no GPT-2 on disk: the bar shows");
        assertEquals("Suggestions come from the small bundled model. Download GPT-2 (≈550 MB) for much better ones.", fx(bar::messageText));
        assertTrue(fx(() -> bar.node().getScene() != null && bar.node().isVisible()), "it is in the window");
        assertTrue(fx(() -> bar.node().getLayoutBounds().getHeight() > 0));
        assertEquals(ModelCatalog.BUNDLED, fx(() -> window.switcher().serving()), "the bundled model serves");
        assertTrue(hub.requests().isEmpty(), "the bar connects to nothing by itself");
        fx(() -> {
            bar.closeButton().fire();
            return null;
        });
        assertNull(fx(() -> window.downloads().gpt2Bar()));
        assertTrue(fx(() -> bar.node().getScene() == null), "it left the window");
        assertTrue(new SettingsStore(dir.resolve("config")).gpt2BarDismissed(), "the dismissal is saved");

        // The next start: no bar.
        fx(() -> {
            window.shutdown(false);
            window.stage().hide();
            return null;
        });
        window = null;
        EditorContext again = context(EditorHarness.PLENTY);
        window = fx(() -> {
            EditorWindow w = new EditorWindow(new Stage(), again);
            w.show(null);
            return w;
        });
        waitFor("the bundled model", () -> ModelCatalog.BUNDLED.equals(window.switcher().serving()));
        assertNull(fx(() -> window.downloads().gpt2Bar()), "dismissed for good");
        assertTrue(hub.requests().isEmpty());
    }

    @Test
    void aSizeThatDoesNotFitIsRefusedAndTheCurrentModelKeepsServing(FxRobot robot) throws IOException {
        ModelCatalog.Size medium = ModelCatalog.size("gpt2-medium").orElseThrow();
        ModelCatalog.Size large = ModelCatalog.size("gpt2-large").orElseThrow();
        long mediumNeeds = MemoryFit.estimate(medium.config(), 3).total();
        long largeNeeds = MemoryFit.estimate(large.config(), 3).total();
        // Room for gpt2-medium (with some to spare), not for gpt2-large.
        MemoryFit.Available memory = MemoryFit.Available.of(mediumNeeds + (largeNeeds - mediumNeeds) / 2);
        cached("openai-community/gpt2-large", large.config());
        open(memory);
        assertEquals("GPT-2 large (774M)", menuLabels().get(4), "gpt2-large is on disk");

        choose("GPT-2 large (774M)");
        DialogPane refusal = dialog("GPT-2 large (774M) does not fit in this machine's memory");
        assertEquals("gpt2-large needs about " + MemoryFit.gigabytes(largeNeeds) + " of memory ("
                + MemoryFit.gigabytes(large.parameters() * 4) + " of weights) but only " + MemoryFit.gigabytes(memory.available())
                + " is available (given); the largest GPT-2 that fits is gpt2-medium; the current model stays", fx(refusal::getContentText));
        press(refusal, "OK");
        assertEquals(1, loaded.size(), "gpt2-large was never loaded");
        assertEquals(ModelCatalog.BUNDLED, fx(() -> window.switcher().serving()));
        assertEquals(ModelCatalog.BUNDLED, new SettingsStore(dir.resolve("config")).load().model(), "the choice stays");
        assertEquals("kept stub (gpt2-large does not fit in memory)", fx(() -> window.status().stateText()));
        assertFalse(fx(() -> window.status().spinnerShown()), "nothing is loading any more");
        assertFalse(stubs.get(0).closed);
        assertTrue(fx(() -> ((RadioMenuItem) menuItem("WriteAhead books (bundled)")).isSelected()));

        // gpt2-xl is not on disk: refused before anything is downloaded.
        choose("GPT-2 XL (1.6B) — download 6.4 GB…");
        DialogPane xl = dialog("GPT-2 XL (1.6B) does not fit in this machine's memory");
        String text = fx(xl::getContentText);
        assertTrue(text.startsWith("gpt2-xl needs about "), text);
        assertTrue(text.endsWith("; the largest GPT-2 that fits is gpt2-medium; nothing was downloaded"), text);
        press(xl, "OK");
        assertTrue(hub.requests().isEmpty(), "nothing was fetched");
        assertNull(fx(() -> window.downloads().dialog()));

        robot.write("Still here");
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(List.of(" r0w0 r0w1 r0w2", " r1w0 r1w1 r1w2", " r2w0 r2w1 r2w2"), rows(window), "the bundled model serves");
    }

    @Test
    void aChosenSizeThatIsGoneAtStartLeavesTheBundledModelServingAndTheChoiceSaved() throws IOException {
        open(EditorHarness.PLENTY, EditorHarness.shortSuggestions().withModel("gpt2-medium"));
        assertEquals("ready (gpt2-medium is not downloaded: choose it in the Model menu to download it; the bundled model serves)",
                fx(() -> window.status().stateText()));
        assertEquals(List.of(dir.resolve("models").resolve(ModelCatalog.BUNDLED)), loaded);
        assertEquals("gpt2-medium", new SettingsStore(dir.resolve("config")).load().model(), "the choice is kept for when it is back");
        assertTrue(fx(() -> ((RadioMenuItem) menuItem("WriteAhead books (bundled)")).isSelected()));
        assertTrue(hub.requests().isEmpty(), "nothing is downloaded unless asked");
    }

    @Test
    void aChosenSizeThatDoesNotFitAtStartLeavesTheBundledModelServing() throws IOException {
        ModelCatalog.Size large = ModelCatalog.size("gpt2-large").orElseThrow();
        cached("openai-community/gpt2-large", large.config());
        MemoryFit.Available memory = MemoryFit.Available.of(MemoryFit.estimate(ModelCatalog.size("gpt2").orElseThrow().config(), 3).total() * 2);
        open(memory, EditorHarness.shortSuggestions().withModel("gpt2-large"));
        MemoryFit.Check expected = MemoryFit.check("gpt2-large", MemoryFit.estimate(large.config(), 3), memory, ModelCatalog.SIZES, 3);
        assertTrue(expected.refused());
        assertTrue(expected.message().contains("; the largest GPT-2 that fits is gpt2"), expected.message());
        assertEquals("ready (" + expected.message() + "; the bundled model serves)", fx(() -> window.status().stateText()));
        assertEquals(List.of(dir.resolve("models").resolve(ModelCatalog.BUNDLED)), loaded, "gpt2-large was never loaded");
        assertEquals("gpt2-large", new SettingsStore(dir.resolve("config")).load().model());
        assertTrue(EditorHarness.dialogs().isEmpty(), "at start it is said in the status bar, not in a dialog");
    }

    @Test
    void downloadProblemsAreOneLineAndTheBundledModelServes() throws IOException {
        open(EditorHarness.PLENTY);
        // 401: the fake hub does not serve distilbert/distilgpt2.
        choose("DistilGPT-2 (82M) — download 354 MB…");
        press(dialog("Download DistilGPT-2 (82M)?"), "Download");
        DialogPane notFound = dialog("Cannot download DistilGPT-2 (82M)");
        assertOneLine(fx(notFound::getContentText));
        assertTrue(fx(notFound::getContentText).startsWith("the hub does not know distilbert/distilgpt2 or it is private (401 from "),
                fx(notFound::getContentText));
        press(notFound, "OK");
        assertEquals("download of distilgpt2 failed; see Model ▸ DistilGPT-2 (82M) to try again", fx(() -> window.status().stateText()),
                "the status bar keeps the gist once the dialog is gone");

        // 404: the repository is there but has no safetensors weights.
        hub.serve("distilbert/distilgpt2", Fixtures.TINY_GPT2, "expected.json", "model.safetensors");
        choose("DistilGPT-2 (82M) — download 354 MB…");
        press(dialog("Download DistilGPT-2 (82M)?"), "Download");
        DialogPane noWeights = dialog("Cannot download DistilGPT-2 (82M)");
        String noWeightsText = fx(noWeights::getContentText);
        assertOneLine(noWeightsText);
        assertTrue(noWeightsText.startsWith("distilbert/distilgpt2 has no model.safetensors (WriteAhead loads safetensors only;"), noWeightsText);
        press(noWeights, "OK");
        assertEquals("DistilGPT-2 (82M) — download 354 MB…", menuLabels().get(1), "still not on disk");

        // Checksum mismatch: the weights are refused, nothing is left to load.
        hub.corruptLfs = true;
        choose("GPT-2 small (124M) — download 549 MB…");
        press(dialog("Download GPT-2 small (124M)?"), "Download");
        DialogPane corrupt = dialog("Cannot download GPT-2 small (124M)");
        String corruptText = fx(corrupt::getContentText);
        assertOneLine(corruptText);
        assertTrue(corruptText.startsWith("model.safetensors failed verification: its "), corruptText);
        press(corrupt, "OK");
        assertFalse(HubDownloader.isComplete(gpt2Snapshot()));
        assertEquals(List.of(), incompleteBlobs(), "a file that failed its checksum is deleted");
        hub.corruptLfs = false;

        // Offline: the hub cannot be reached.
        env.put("HF_ENDPOINT", "http://127.0.0.1:9");
        choose("GPT-2 small (124M) — download 549 MB…");
        press(dialog("Download GPT-2 small (124M)?"), "Download");
        DialogPane offline = dialog("Cannot download GPT-2 small (124M)");
        assertOneLine(fx(offline::getContentText));
        assertTrue(fx(offline::getContentText).contains("cannot connect to http://127.0.0.1:9 (connection refused)"), fx(offline::getContentText));
        press(offline, "OK");

        // A malformed HF_ENDPOINT: said at once, no question.
        env.put("HF_ENDPOINT", "ftp://mirror.example");
        choose("GPT-2 small (124M) — download 549 MB…");
        DialogPane badEndpoint = dialog("Cannot download GPT-2 small (124M)");
        assertEquals("HF_ENDPOINT \"ftp://mirror.example\" is not an http(s) URL", fx(badEndpoint::getContentText));
        press(badEndpoint, "OK");

        // HF_HUB_OFFLINE=1: said at once, no question, no connection.
        env.put("HF_ENDPOINT", hub.endpoint());
        env.put("HF_HUB_OFFLINE", "1");
        int before = hub.requests().size();
        choose("GPT-2 small (124M) — download 549 MB…");
        DialogPane hubOffline = dialog("Cannot download GPT-2 small (124M)");
        assertEquals("HF_HUB_OFFLINE is set, so WriteAhead does not connect: unset it to download gpt2; the current model stays",
                fx(hubOffline::getContentText));
        press(hubOffline, "OK");
        assertEquals(before, hub.requests().size());

        assertEquals(ModelCatalog.BUNDLED, fx(() -> window.switcher().serving()));
        assertEquals(1, loaded.size());
        assertNotNull(fx(() -> window.downloads().gpt2Bar()), "still no GPT-2: the bar stays");
    }

    private static void assertOneLine(String text) {
        assertFalse(text.contains("\n"), "one line: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
    }
}
