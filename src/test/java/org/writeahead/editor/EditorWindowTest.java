package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.rows;
import static org.writeahead.editor.EditorHarness.text;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
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
import org.writeahead.document.AutosaveStore;
import org.writeahead.suggest.SuggestionSession.State;
import org.writeahead.testing.StubSuggester;

/** The editor driven with keys, as a person would, against the stub model. */
@ExtendWith(ApplicationExtension.class)
class EditorWindowTest {

    @TempDir
    Path dir;

    private final StubSuggester stub = new StubSuggester();
    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        window = new EditorWindow(stage, EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> {
            if (folder.endsWith("broken")) {
                throw new IllegalStateException(folder.resolve("model.safetensors") + ": truncated");
            }
            return stub;
        }, true));
        window.show(null);
    }

    @AfterEach
    void stop() {
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    private void ready() {
        waitFor("the model", () -> window.status().stateText().equals("ready"));
    }

    private void tabAndWait(FxRobot robot) {
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
    }

    @Test
    void tabListsCandidatesAtTheCaretAndDownEnterInsertsTheSecondAsOneUndoStep(FxRobot robot) {
        ready();
        assertEquals("stub · 1,234 parameters", fx(() -> window.status().modelText()));
        robot.write("The old house");
        tabAndWait(robot);
        assertEquals(List.of(" r0w0 r0w1 r0w2", " r1w0 r1w1 r1w2", " r2w0 r2w1 r2w2"), rows(window));
        assertTrue(fx(() -> window.suggestions().popup().isShowing()));
        Bounds caret = fx(() -> window.area().getCaretSelectionBind().getCaretBounds().orElseThrow());
        double popupX = fx(() -> window.suggestions().popup().popup().getX());
        double popupY = fx(() -> window.suggestions().popup().popup().getY());
        assertEquals(caret.getMinX(), popupX, 1.0, "left edge at the caret");
        assertEquals(caret.getMaxY() + SuggestionPopup.GAP, popupY, 1.0, "just below the caret");
        assertEquals("The old house", stub.requests.get(0).text());
        assertEquals(3, stub.requests.get(0).count());

        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The old house r1w0 r1w1 r1w2", text(window));
        assertFalse(fx(() -> window.suggestions().popup().isShowing()));
        assertEquals(28, fx(() -> window.area().getCaretPosition()));

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The old house", text(window));
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", text(window));
    }

    @Test
    void escClosesTheListAndChangesNothing(FxRobot robot) {
        ready();
        robot.write("Hello");
        tabAndWait(robot);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello", text(window));
        assertFalse(fx(() -> window.suggestions().popup().isShowing()));
        assertEquals(State.CLOSED, fx(() -> window.suggestions().session().state()));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello\n", text(window), "with the list closed, Enter is a new line again");
    }

    @Test
    void typingDuringAGenerationCancelsItAndNothingLandsLater(FxRobot robot) throws InterruptedException {
        ready();
        stub.tokenDelayMillis = 60;
        fx(() -> {
            window.applySettings(new org.writeahead.settings.Settings(3, 20, 1.0, 0, 0.9, 1.0, 0, false,
                    org.writeahead.engine.DeviceChoice.CPU, org.writeahead.engine.ModelCatalog.BUNDLED, true, false));
            return null;
        });
        robot.write("Hello");
        robot.type(KeyCode.TAB);
        waitFor("the first words", () -> window.suggestions().session().hasWords());
        assertEquals(State.GENERATING, fx(() -> window.suggestions().session().state()));
        robot.write(" there");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> window.suggestions().popup().isShowing()));
        waitFor("the cancelled request to stop", () -> stub.cancelled.get() == 1);
        Thread.sleep(300);
        assertEquals("Hello there", text(window));
        assertEquals(0, stub.finished.get());
    }

    @Test
    void movingTheCaretClosesTheListAndAClickOnARowInsertsIt(FxRobot robot) {
        ready();
        robot.write("Hello");
        tabAndWait(robot);
        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(State.CLOSED, fx(() -> window.suggestions().session().state()));
        assertEquals("Hello", text(window));
        robot.type(KeyCode.RIGHT);
        tabAndWait(robot);
        javafx.scene.Node third = fx(() -> window.suggestions().popup().content().getChildren().get(2));
        robot.clickOn(third);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello r2w0 r2w1 r2w2", text(window));
    }

    @Test
    void tabDuringImeCompositionStartsNothing(FxRobot robot) {
        ready();
        fx(() -> {
            window.area().fireEvent(new javafx.scene.input.InputMethodEvent(javafx.scene.input.InputMethodEvent.INPUT_METHOD_TEXT_CHANGED,
                    List.of(new javafx.scene.input.InputMethodTextRun("ka", javafx.scene.input.InputMethodHighlight.UNSELECTED_RAW)), "", 0));
            return null;
        });
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(State.CLOSED, fx(() -> window.suggestions().session().state()));
        assertEquals(0, stub.requests.size());
        assertFalse(text(window).contains("\t"));
    }

    @Test
    void tabAgainLengthensTheSameCandidatesAndShiftTabGoesBack(FxRobot robot) {
        ready();
        robot.write("Once");
        tabAndWait(robot);
        robot.type(KeyCode.TAB);
        waitFor("longer candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(List.of(" r0w0 r0w1 r0w2 r0w3 r0w4 r0w5", " r1w0 r1w1 r1w2 r1w3 r1w4 r1w5", " r2w0 r2w1 r2w2 r2w3 r2w4 r2w5"),
                rows(window));
        assertEquals("Once r1w0 r1w1 r1w2", stub.requests.get(2).text(), "row 2 continues from its own text");
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(" r0w0 r0w1 r0w2", " r1w0 r1w1 r1w2", " r2w0 r2w1 r2w2"), rows(window));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Once r0w0 r0w1 r0w2", text(window));
        assertFalse(text(window).contains("\t"));
    }

    @Test
    void tabTabLengthensEvenWhileTheFirstCandidatesAreStillComing(FxRobot robot) {
        ready();
        stub.tokenDelayMillis = 40;
        robot.write("Once");
        robot.type(KeyCode.TAB);
        robot.type(KeyCode.TAB);
        waitFor("longer candidates", () -> window.suggestions().session().state() == State.READY
                && window.suggestions().session().depth() == 1);
        assertEquals(" r0w0 r0w1 r0w2 r0w3 r0w4 r0w5", rows(window).get(0));
        assertEquals(4, stub.requests.size(), "one fresh request, then one per row");
    }

    @Test
    void ctrlRightTakesOneWordAndKeepsTheRestOpen(FxRobot robot) {
        ready();
        robot.write("Hello");
        tabAndWait(robot);
        robot.type(KeyCode.DOWN);
        robot.push(KeyCode.CONTROL, KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello r1w0", text(window));
        assertTrue(fx(() -> window.suggestions().popup().isShowing()));
        assertEquals(List.of(" r1w1 r1w2"), rows(window));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello r1w0 r1w1 r1w2", text(window));
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hello r1w0", text(window));
    }

    @Test
    void tabNeverTypesATabAndCtrlRNewSamples(FxRobot robot) {
        ready();
        robot.type(KeyCode.TAB);
        waitFor("the candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(List.of("r0w0 r0w1 r0w2", "r1w0 r1w1 r1w2", "r2w0 r2w1 r2w2"), rows(window), "no leading space at the start");
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor("new candidates", () -> window.suggestions().session().state() == State.READY);
        assertEquals(2, stub.requests.size());
        robot.type(KeyCode.ESCAPE);
        robot.type(KeyCode.TAB);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", text(window));
    }

    @Test
    void theModelsTextIsMarkedAndTypingAfterItIsNot(FxRobot robot) {
        ready();
        robot.write("Hi");
        tabAndWait(robot);
        robot.type(KeyCode.ENTER);
        robot.write(" me");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Hi r0w0 r0w1 r0w2 me", text(window));
        assertEquals(List.of(), List.copyOf(fx(() -> window.area().getStyleAtPosition(1))));
        assertEquals(List.of(SuggestionController.MODEL_STYLE), List.copyOf(fx(() -> window.area().getStyleAtPosition(5))));
        assertEquals(List.of(), List.copyOf(fx(() -> window.area().getStyleAtPosition(20))));
        assertTrue(fx(() -> window.stage().getScene().getRoot().getStyleClass().contains("marks")));
    }

    @Test
    void unsavedTextIsAutosavedAndSavingRemovesTheSlot(FxRobot robot) throws IOException {
        ready();
        robot.write("Nothing is lost");
        Path slots = dir.resolve("data").resolve("autosave");
        waitFor("the autosave", () -> readSlot(slots).equals("Nothing is lost"));
        assertTrue(fx(() -> window.stage().getTitle()).startsWith("• Untitled"));
        Path file = dir.resolve("saved.txt");
        assertTrue(fx(() -> window.documentState().saveTo(file)));
        assertEquals("Nothing is lost", Files.readString(file));
        assertEquals("saved.txt — WriteAhead", fx(() -> window.stage().getTitle()));
        waitFor("the slot to go", () -> readSlot(slots).isEmpty());
    }

    @Test
    void aLeftoverIsRecoveredAsAnUnsavedDocumentOfItsFile() throws IOException {
        ready();
        AutosaveStore other = new AutosaveStore(dir.resolve("crashed"));
        Path file = dir.resolve("story.txt");
        other.write("old", "What I typed before the crash", file);
        AutosaveStore.Leftover leftover = new AutosaveStore.Leftover("old", file, java.time.Instant.now(), 29);
        EditorWindow w = window;
        fx(() -> {
            w.recoverFrom(other, leftover);
            return null;
        });
        assertEquals("What I typed before the crash", text(window));
        assertEquals(29, fx(() -> window.area().getCaretPosition()), "the caret is where the writing stopped");
        assertEquals("• story.txt — WriteAhead", fx(() -> window.stage().getTitle()));
        assertFalse(Files.exists(dir.resolve("crashed").resolve("old.txt")));
    }

    @Test
    void closingWithUnsavedChangesAsks(FxRobot robot) {
        ready();
        assertTrue(fx(() -> window.documentState().confirmDiscard()), "nothing to lose: no question");
        robot.write("unsaved");
        java.util.concurrent.atomic.AtomicReference<Boolean> answer = new java.util.concurrent.atomic.AtomicReference<>();
        javafx.application.Platform.runLater(() -> answer.set(window.documentState().confirmDiscard()));
        waitFor("the question", () -> robot.lookup("Cancel").tryQuery().isPresent());
        robot.clickOn("Cancel");
        waitFor("the answer", () -> answer.get() != null);
        assertFalse(answer.get(), "Cancel keeps the window");
        answer.set(null);
        javafx.application.Platform.runLater(() -> answer.set(window.documentState().confirmDiscard()));
        waitFor("the question", () -> robot.lookup("Don't Save").tryQuery().isPresent());
        robot.clickOn("Don't Save");
        waitFor("the answer", () -> answer.get() != null);
        assertTrue(answer.get(), "Don't Save lets it go");
        assertEquals("unsaved", text(window));
    }

    @Test
    void theMarksComeBackWhenTheSavedFileIsOpenedAgain(FxRobot robot) throws IOException {
        ready();
        robot.write("Hi");
        tabAndWait(robot);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Path file = dir.resolve("marked.txt");
        assertTrue(fx(() -> window.documentState().saveTo(file)));
        assertEquals("Hi r0w0 r0w1 r0w2", Files.readString(file), "the document itself stays plain text");
        assertTrue(Files.isRegularFile(dir.resolve(".marked.txt.writeahead-marks.json")));
        assertTrue(fx(() -> window.documentState().open(file)));
        assertEquals(List.of(SuggestionController.MODEL_STYLE), List.copyOf(fx(() -> window.area().getStyleAtPosition(5))));
        assertEquals(List.of(), List.copyOf(fx(() -> window.area().getStyleAtPosition(1))));
        assertEquals("marked.txt — WriteAhead", fx(() -> window.stage().getTitle()));
        assertFalse(fx(() -> window.area().getUndoManager().isUndoAvailable()), "painting the marks is not an undo step");
    }

    @Test
    void aWindowsFileKeepsItsLineBreaksAndMarkWhenSaved(FxRobot robot) throws IOException {
        ready();
        Path file = dir.resolve("windows.txt");
        Files.write(file, "\uFEFFone\r\ntwo".getBytes(StandardCharsets.UTF_8));
        assertTrue(fx(() -> window.documentState().open(file)));
        assertEquals("one\ntwo", fx(() -> window.area().getText()));
        fx(() -> {
            window.area().moveTo(window.area().getLength());
            return null;
        });
        robot.type(KeyCode.ENTER);
        robot.write("three");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> window.documentState().save()));
        assertArrayEquals("\uFEFFone\r\ntwo\r\nthree".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void aModelFolderThatFailsToLoadKeepsTheCurrentModel(FxRobot robot) throws IOException {
        ready();
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{}");
        Files.writeString(broken.resolve("tokenizer.json"), "{}");
        fx(() -> {
            window.switcher().load(broken.toString(), false);
            return null;
        });
        waitFor("the failure", () -> window.status().stateText().startsWith("kept stub"));
        assertTrue(fx(() -> window.status().stateText()).contains("model.safetensors: truncated"));
        assertEquals(org.writeahead.engine.ModelCatalog.BUNDLED, fx(() -> window.settings().model()), "the setting stays on the model that works");
        robot.write("Still");
        tabAndWait(robot);
        assertEquals(3, rows(window).size());
    }

    private static String readSlot(Path slots) {
        try (var files = Files.list(slots)) {
            for (Path p : files.toList()) {
                if (p.toString().endsWith(".txt")) {
                    return Files.readString(p);
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
