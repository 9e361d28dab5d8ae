package org.writeahead.editor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import org.testfx.util.WaitForAsyncUtils;
import org.writeahead.document.AutosaveStore;
import org.writeahead.engine.MemoryFit;
import org.writeahead.hub.HubSettings;
import org.writeahead.settings.Settings;
import org.writeahead.settings.SettingsStore;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.Suggester;

/** Builds an editor on temporary folders and reads its state on the FX thread. */
final class EditorHarness {

    private EditorHarness() {}

    /** A context whose settings and autosaves live in {@code dir}; models/ has a placeholder bundled model. */
    static EditorContext context(Path dir, Settings settings, Suggester.Factory factory, boolean withBundled) throws IOException {
        return context(dir, settings, factory, withBundled, Duration.ofMillis(200));
    }

    static EditorContext context(Path dir, Settings settings, Suggester.Factory factory, boolean withBundled, Duration autosaveEvery)
            throws IOException {
        return context(dir, settings, factory, withBundled, autosaveEvery, new HashMap<>(), PLENTY);
    }

    /** Memory enough for every size: the tests that are not about memory are not refused on a small machine. */
    static final MemoryFit.Available PLENTY = MemoryFit.Available.of(1L << 40);

    /**
     * The Hugging Face settings come from {@code env} (never the process's own): the cache is
     * {@code dir/hub-cache}, and the endpoint, unless {@code env} names one, a closed port on
     * 127.0.0.1 that no test expects to be asked. {@code env} is read at each download, so a test
     * may change it (it must be mutable). The memory is {@code available}.
     */
    static EditorContext context(Path dir, Settings settings, Suggester.Factory factory, boolean withBundled, Duration autosaveEvery,
            Map<String, String> env, MemoryFit.Available available) throws IOException {
        Map<String, String> hubEnv = env;
        hubEnv.putIfAbsent("HF_ENDPOINT", "http://127.0.0.1:9");
        hubEnv.put("HF_HUB_CACHE", hubCache(dir).toString());
        hubEnv.put("HF_HOME", dir.resolve("hf-home").toString());
        SettingsStore store = new SettingsStore(dir.resolve("config"));
        store.save(settings);
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        if (withBundled) {
            Path bundled = Files.createDirectories(models.resolve(org.writeahead.engine.ModelCatalog.BUNDLED));
            // A real GPT-2 config (the catalog reads it); the stub factory never loads weights.
            Files.copy(org.writeahead.testing.Fixtures.TINY_GPT2.resolve("config.json"), bundled.resolve("config.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(bundled.resolve("tokenizer.json"), "{}");
        }
        return new EditorContext(store, new AutosaveStore(dir.resolve("data").resolve("autosave")), new ModelCatalog(List.of(models), hubCache(dir)),
                factory, autosaveEvery, () -> HubSettings.from(new HashMap<>(hubEnv), new Properties()), () -> available);
    }

    static Path hubCache(Path dir) {
        return dir.resolve("hub-cache");
    }

    /** Three candidates of three tokens: short rows that are easy to compare. */
    static Settings shortSuggestions() {
        return new Settings(3, 3, 1.0, 0, 0.9, 1.0, 0, false, org.writeahead.engine.DeviceChoice.CPU, org.writeahead.engine.ModelCatalog.BUNDLED, true, false);
    }

    /** The dialogs (alerts) that are showing now. */
    static List<javafx.scene.control.DialogPane> dialogs() {
        return fx(EditorHarness::showingDialogs);
    }

    /** On the FX thread. */
    private static List<javafx.scene.control.DialogPane> showingDialogs() {
        return javafx.stage.Window.getWindows().stream()
                .filter(javafx.stage.Window::isShowing)
                .map(w -> w.getScene() == null ? null : w.getScene().getRoot().lookup(".dialog-pane"))
                .filter(n -> n instanceof javafx.scene.control.DialogPane)
                .map(n -> (javafx.scene.control.DialogPane) n)
                .toList();
    }

    /** Closes whatever dialogs a test left open. */
    static void closeDialogs() {
        fx(() -> {
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w.isShowing() && w.getScene() != null && w.getScene().getRoot().lookup(".dialog-pane") != null) {
                    w.hide();
                }
            }
            return null;
        });
    }

    /** Waits for a dialog whose header is {@code header} and returns it. */
    static javafx.scene.control.DialogPane dialog(String header) {
        waitFor("the dialog \"" + header + "\"", () -> showingDialogs().stream().anyMatch(d -> header.equals(d.getHeaderText())));
        return dialogs().stream().filter(d -> header.equals(d.getHeaderText())).findFirst().orElseThrow();
    }

    /** Presses the dialog's button of that text. */
    static void press(javafx.scene.control.DialogPane pane, String button) {
        fx(() -> {
            javafx.scene.control.ButtonType type = pane.getButtonTypes().stream().filter(b -> b.getText().equals(button)).findFirst()
                    .orElseThrow(() -> new AssertionError("no button " + button + " in " + pane.getButtonTypes()));
            ((javafx.scene.control.Button) pane.lookupButton(type)).fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    static <T> T fx(Callable<T> call) {
        return fx(call, 30);
    }

    static <T> T fx(Callable<T> call, int timeoutSeconds) {
        try {
            return WaitForAsyncUtils.asyncFx(call).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static void waitFor(String what, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(condition::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The texts of the popup's candidate rows, as shown. */
    static List<String> rows(EditorWindow w) {
        return fx(() -> w.suggestions().popup().content().getChildren().stream()
                .filter(n -> n.getStyleClass().contains("suggestion-row"))
                .map(n -> ((Label) n).getText())
                .toList());
    }

    static String text(EditorWindow w) {
        return fx(() -> w.area().getText());
    }
}
