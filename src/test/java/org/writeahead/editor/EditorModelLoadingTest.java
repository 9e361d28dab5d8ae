package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.rows;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.writeahead.suggest.SuggestionSession.State;
import org.writeahead.testing.StubSuggester;

/** The window is usable at once; TAB before the model is ready waits for it, visibly. */
@ExtendWith(ApplicationExtension.class)
class EditorModelLoadingTest {

    @TempDir
    Path dir;

    private final CountDownLatch gate = new CountDownLatch(1);
    private final StubSuggester stub = new StubSuggester();
    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        window = new EditorWindow(stage, EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> {
            assertTrue(gate.await(30, TimeUnit.SECONDS));
            return stub;
        }, true));
        window.show(null);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    @Test
    void tabBeforeTheModelIsReadyShowsLoadingThenTheCandidates(FxRobot robot) {
        robot.write("Typing while it loads");
        assertEquals("Typing while it loads", EditorHarness.text(window));
        assertTrue(fx(() -> window.status().stateText()).startsWith("loading WriteAhead books (bundled)…"));
        robot.type(KeyCode.TAB);
        waitFor("the popup", () -> window.suggestions().popup().isShowing());
        assertEquals(State.WAITING_FOR_MODEL, fx(() -> window.suggestions().session().state()));
        assertEquals("loading model…", busyText());
        gate.countDown();
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(List.of(" r0w0 r0w1 r0w2", " r1w0 r1w1 r1w2", " r2w0 r2w1 r2w2"), rows(window));
        assertEquals("ready", fx(() -> window.status().stateText()));
    }

    private String busyText() {
        return fx(() -> window.suggestions().popup().content().lookupAll(".suggestion-busy .label").stream()
                .map(n -> ((Label) n).getText()).findFirst().orElse(""));
    }
}
