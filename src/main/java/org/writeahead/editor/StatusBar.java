package org.writeahead.editor;

import java.time.Duration;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.reactfx.EventStreams;
import org.writeahead.document.TextStats;

/** The line under the text: model and size, device, what the model is doing, words and characters. */
final class StatusBar {

    private final HBox box = new HBox(14);
    private final Label model = new Label("no model");
    private final Label device = new Label("");
    private final ProgressIndicator loading = new ProgressIndicator();
    private final Label state = new Label("");
    private final Label download = new Label("");
    private final Label counts = new Label("0 words · 0 characters");
    private Timeline ticker;

    StatusBar(StyleClassedTextArea area) {
        box.getStyleClass().add("status-bar");
        model.getStyleClass().add("status-model");
        state.getStyleClass().add("status-state");
        counts.getStyleClass().add("status-counts");
        download.getStyleClass().add("status-download");
        download.setVisible(false);
        download.setManaged(false);
        loading.setPrefSize(12, 12);
        loading.setMaxSize(12, 12);
        loading.setVisible(false);
        loading.setManaged(false);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        // A long message shortens itself (with an ellipsis), never the model's name or the device.
        model.setMinWidth(Region.USE_PREF_SIZE);
        device.setMinWidth(Region.USE_PREF_SIZE);
        download.setMinWidth(Region.USE_PREF_SIZE);
        counts.setMinWidth(Region.USE_PREF_SIZE);
        state.setMinWidth(0);
        box.getChildren().addAll(model, device, loading, state, spring, download, counts);
        // Counting a 5 MB document on every key would cost more than the typing: count when it pauses.
        EventStreams.changesOf(area.lengthProperty()).successionEnds(Duration.ofMillis(250)).subscribe(c -> countNow(area));
        countNow(area);
    }

    HBox node() {
        return box;
    }

    void countNow(StyleClassedTextArea area) {
        TextStats stats = TextStats.of(area.getText());
        counts.setText(String.format(Locale.ROOT, "%,d words · %,d characters", stats.words(), stats.characters()));
    }

    void model(String name, long parameters, String deviceName) {
        model.setText(name + " · " + parameters(parameters));
        device.setText(deviceName);
    }

    void noModel(String why) {
        model.setText("no model");
        device.setText("");
        state(why);
        loading(false);
    }

    /** "loading NAME…", with the seconds it has taken so far (the loader reports no finer progress). */
    void loading(String what) {
        state("loading " + what + "…");
        loading(true);
        long start = System.nanoTime();
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1),
                e -> state.setText(String.format(Locale.ROOT, "loading %s… %d s", what, (System.nanoTime() - start) / 1_000_000_000L))));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    /** A download in progress, e.g. "downloading gpt2 · 34%" (a click shows its window); null hides it. */
    void download(String text, Runnable onClick) {
        download.setText(text == null ? "" : text);
        download.setVisible(text != null);
        download.setManaged(text != null);
        download.setOnMouseClicked(onClick == null ? null : e -> onClick.run());
    }

    String downloadText() {
        return download.isVisible() ? download.getText() : null;
    }

    void ready() {
        state("ready");
        loading(false);
    }

    /** Not loading any more (a load failed or was refused): {@code text} says so. */
    void settled(String text) {
        state(text);
        loading(false);
    }

    void generating(double tokensPerSecond) {
        state(tokensPerSecond > 0 ? String.format(Locale.ROOT, "generating at %.0f tokens/s", tokensPerSecond) : "generating…");
    }

    void state(String text) {
        if (ticker != null) {
            ticker.stop();
            ticker = null;
        }
        state.setText(text);
    }

    String stateText() {
        return state.getText();
    }

    boolean spinnerShown() {
        return loading.isVisible();
    }

    String modelText() {
        return model.getText();
    }

    String countsText() {
        return counts.getText();
    }

    private void loading(boolean on) {
        loading.setVisible(on);
        loading.setManaged(on);
    }

    static String parameters(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB parameters", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.0fM parameters", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d parameters", n);
    }
}
