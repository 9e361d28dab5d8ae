package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.rows;
import static org.writeahead.editor.EditorHarness.text;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.EngineSuggester;
import org.writeahead.suggest.SuggestionSession.State;
import org.writeahead.testing.Fixtures;

/** The editor with the real engine on the tiny random GPT-2: gibberish, but every path is real. */
@ExtendWith(ApplicationExtension.class)
class EditorTinyModelTest {

    @TempDir
    Path dir;

    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        Settings settings = new Settings(3, 6, 1.0, 0, 0.9, 1.0, 0, false, DeviceChoice.CPU, Fixtures.TINY_GPT2.toAbsolutePath().toString(),
                true, false);
        window = new EditorWindow(stage, EditorHarness.context(dir, settings, EngineSuggester::load, false));
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
    void typeTabDownEnterInsertsTheSecondCandidateAndUndoRemovesIt(FxRobot robot) {
        waitFor("the tiny model", () -> window.status().stateText().equals("ready"));
        assertTrue(fx(() -> window.status().modelText()).startsWith("tiny-gpt2 · "));
        robot.write("Hello, my dog");
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        List<String> shown = rows(window);
        assertEquals(3, shown.size(), "three distinct samples: " + shown);
        List<String> candidates = fx(() -> window.suggestions().session().displays());
        assertTrue(candidates.stream().noneMatch(String::isEmpty));

        robot.type(KeyCode.TAB);
        waitFor("longer candidates", () -> window.suggestions().session().state() == State.READY);
        List<String> longer = fx(() -> window.suggestions().session().displays());
        for (int i = 0; i < longer.size(); i++) {
            assertTrue(longer.get(i).startsWith(candidates.get(i)), "row " + i + " continues: " + candidates.get(i) + " -> " + longer.get(i));
            assertTrue(longer.get(i).length() >= candidates.get(i).length());
        }

        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello, my dog" + longer.get(1), text(window));
        assertFalse(text(window).contains("\t"));
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello, my dog", text(window));
    }
}
