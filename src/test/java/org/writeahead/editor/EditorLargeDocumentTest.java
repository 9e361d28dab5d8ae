package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
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
import org.writeahead.suggest.SuggestionSession.State;
import org.writeahead.testing.StubSuggester;

/**
 * A 5 MB document and a 200,000-character line: typing stays quick (each key is measured with
 * the layout it causes) and TAB sends the engine only the end of the text.
 */
@ExtendWith(ApplicationExtension.class)
class EditorLargeDocumentTest {

    @TempDir
    Path dir;

    private final StubSuggester stub = new StubSuggester();
    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        window = new EditorWindow(stage, EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> stub, true,
                java.time.Duration.ofMinutes(10)));
        window.show(null);
    }

    @AfterEach
    void stop() {
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    /** Mean milliseconds of one typed character at the caret, layout included, after two to warm up. */
    private double typingMillis(int keys) {
        for (int i = 0; i < 2 + keys; i++) {
            if (i == 2) {
                WaitForAsyncUtils.waitForFxEvents();
                start = System.nanoTime();
            }
            fx(() -> {
                window.area().insertText(window.area().getCaretPosition(), "x");
                window.area().layout();
                return null;
            }, 120);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return (System.nanoTime() - start) / 1e6 / keys;
    }

    private long start;

    private void load(String text, int caret) {
        fx(() -> {
            window.documentState().load(null, text, false);
            window.area().moveTo(caret);
            window.area().requestFollowCaret();
            return null;
        }, 120);
    }

    @Test
    void aFiveMegabyteDocumentTypesQuicklyAndTabSendsOnlyTheTail(FxRobot robot) {
        waitFor("the model", () -> window.status().stateText().equals("ready"));
        StringBuilder sb = new StringBuilder();
        String paragraph = "It was a quiet evening in the village, and the lamps were lit one by one along the road. ".repeat(5);
        while (sb.length() < 5_000_000) {
            sb.append(paragraph).append("\n\n");
        }
        String text = sb.toString();
        long begin = System.nanoTime();
        load(text, text.length());
        WaitForAsyncUtils.waitForFxEvents();
        double openMs = (System.nanoTime() - begin) / 1e6;
        double perKey = typingMillis(30);
        System.out.printf(Locale.ROOT, "5 MB document: shown in %.0f ms, %.1f ms per typed character%n", openMs, perKey);
        assertTrue(perKey < 100, "typing in a 5 MB document: " + perKey + " ms per key");
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(SuggestionController.PROMPT_CHARS, stub.requests.get(0).text().length());
        assertTrue(stub.requests.get(0).text().endsWith("road. \n\n" + "x".repeat(32)), "the tail before the caret");
    }

    @Test
    void aLineOfTwoHundredThousandCharactersDoesNotFreezeTheWindow() {
        waitFor("the model", () -> window.status().stateText().equals("ready"));
        String line = "word ".repeat(40_000);
        long begin = System.nanoTime();
        load(line, 100_000);
        WaitForAsyncUtils.waitForFxEvents();
        double openMs = (System.nanoTime() - begin) / 1e6;
        double perKey = typingMillis(10);
        System.out.printf(Locale.ROOT, "200,000-character line: shown in %.0f ms, %.1f ms per typed character%n", openMs, perKey);
        // RichTextFX lays the whole paragraph out again on each key: slow (about half a second per
        // key on 2 busy cores, software rendering), but the window never stops answering.
        assertTrue(perKey < 2000, "typing in a 200,000-character line: " + perKey + " ms per key");
        assertEquals(200_012, fx(() -> window.area().getLength()));
    }
}
