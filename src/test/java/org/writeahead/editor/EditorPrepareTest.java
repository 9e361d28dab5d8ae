package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.writeahead.testing.StubSuggester;

/** A pause in typing hands the text before the caret to the model, off the UI thread, once per pause. */
@ExtendWith(ApplicationExtension.class)
class EditorPrepareTest {

    @TempDir
    Path dir;

    private final StubSuggester stub = new StubSuggester();
    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        window = new EditorWindow(stage, EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> stub, true));
        window.show(null);
    }

    @AfterEach
    void stop() {
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    @Test
    void aPauseInTypingPreparesTheTextBeforeTheCaretOnce(FxRobot robot) throws InterruptedException {
        waitFor("the model", () -> window.status().stateText().equals("ready"));
        robot.write("The old house");
        waitFor("the prepare", () -> stub.prepared.contains("The old house"));
        Thread.sleep(2 * (long) SuggestionController.PREPARE_PAUSE.toMillis());
        // The keys came faster than the pause (on a loaded machine a gap may be longer now and then).
        assertTrue(stub.prepared.size() < 4, "not one per key: " + stub.prepared);
        assertEquals("The old house", stub.prepared.get(stub.prepared.size() - 1));
        assertFalse(stub.prepareThreads.contains("JavaFX Application Thread"), stub.prepareThreads.toString());
        assertEquals(0, stub.requests.size(), "a prepare samples nothing");
        robot.write(" at");
        waitFor("the next prepare", () -> stub.prepared.contains("The old house at"));
    }
}
