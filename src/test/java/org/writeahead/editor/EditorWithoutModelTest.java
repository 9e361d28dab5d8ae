package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.geometry.BoundingBox;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** No model on disk: the editor still edits, and says what is missing. Also: where the popup goes. */
@ExtendWith(ApplicationExtension.class)
class EditorWithoutModelTest {

    @TempDir
    Path dir;

    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        window = new EditorWindow(stage, EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> {
            throw new AssertionError("nothing to load");
        }, false));
        Path file = dir.resolve("draft.md");
        Files.writeString(file, "# Draft\n\nSome words");
        window.show(file);
    }

    @AfterEach
    void stop() {
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    @Test
    void saysNoModelFoundInTheStatusAndTheList(FxRobot robot) {
        waitFor("the file", () -> window.area().getLength() > 0);
        assertEquals("draft.md — WriteAhead", fx(() -> window.stage().getTitle()));
        assertEquals("# Draft\n\nSome words", EditorHarness.text(window));
        assertTrue(fx(() -> window.status().stateText()).startsWith("no model found (models/writeahead-books is not there)"));
        robot.type(KeyCode.TAB);
        waitFor("the popup", () -> window.suggestions().popup().isShowing());
        String note = fx(() -> window.suggestions().popup().content().lookupAll(".suggestion-note").stream()
                .map(n -> ((Label) n).getText()).findFirst().orElse(""));
        assertTrue(note.startsWith("no model found"), note);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(EditorHarness.text(window).contains("\t"));
        waitFor("the word count", () -> window.status().countsText().equals("4 words · 19 characters"));
    }

    @Test
    void theModelMenuMarksTheModelsThatAreNotOnDisk() {
        List<String> labels = fx(() -> modelMenu().getItems().stream().map(i -> i.getText() == null ? "-" : i.getText()).toList());
        assertEquals(List.of("WriteAhead books (bundled) — not on disk", "DistilGPT-2 (82M) — download 354 MB…", "GPT-2 small (124M) — download 549 MB…",
                "GPT-2 medium (355M) — download 1.5 GB…", "GPT-2 large (774M) — download 3.2 GB…", "GPT-2 XL (1.6B) — download 6.4 GB…", "-",
                "Open model folder…"), labels);
        assertTrue(fx(() -> modelMenu().getItems().get(0).isDisable()), "the bundled model cannot be downloaded");
        for (int i = 1; i <= 5; i++) {
            int at = i;
            assertFalse(fx(() -> modelMenu().getItems().get(at).isDisable()), "a size that is not on disk offers its download");
        }
        assertFalse(fx(() -> modelMenu().getItems().get(7).isDisable()));
        List<String> menus = fx(() -> menuBar().getMenus().stream().map(javafx.scene.control.Menu::getText).toList());
        assertEquals(List.of("File", "Edit", "Model", "Settings", "View", "Help"), menus);
    }

    private javafx.scene.control.Menu modelMenu() {
        return menuBar().getMenus().get(2);
    }

    private javafx.scene.control.MenuBar menuBar() {
        javafx.scene.layout.VBox top = (javafx.scene.layout.VBox) ((javafx.scene.layout.BorderPane) window.stage().getScene().getRoot()).getTop();
        return (javafx.scene.control.MenuBar) top.getChildren().get(0);
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAndTheDocumentStays() throws IOException {
        waitFor("the file", () -> window.area().getLength() > 0);
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(fx(() -> window.documentState().open(latin1)));
        assertEquals("# Draft\n\nSome words", EditorHarness.text(window));
        assertEquals("draft.md — WriteAhead", fx(() -> window.stage().getTitle()));
    }

    @Test
    void veryLongCandidatesAreShortenedSoTheListStaysOnTheScreen() {
        SuggestionPopup popup = fx(() -> new SuggestionPopup(i -> { }));
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        String longRow = " and then".repeat(400); // what many TABs make
        for (double caretTop : new double[] {screen.getMinY() + 60, screen.getMaxY() / 2, screen.getMaxY() - 60}) {
            fx(() -> {
                popup.follow(Optional.of(new BoundingBox(200, caretTop, 1, 20)));
                popup.update(window.stage(), List.of(longRow, longRow + " x", longRow + " y"), 0, null, null);
                return null;
            });
            double y = fx(() -> popup.popup().getY());
            double height = fx(() -> popup.content().getHeight());
            assertTrue(y >= screen.getMinY() - 0.5, "not above the screen's top at caret " + caretTop + ": y " + y);
            assertTrue(y + height <= screen.getMaxY() + 0.5, "not below the screen's bottom at caret " + caretTop + ": " + (y + height));
        }
        fx(() -> {
            popup.hide();
            return null;
        });
    }

    @Test
    void thePopupGoesBelowTheCaretAboveItNearTheScreensBottomAndHidesWithoutACaret() {
        SuggestionPopup popup = fx(() -> new SuggestionPopup(i -> { }));
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        fx(() -> {
            popup.update(window.stage(), List.of(" one", " two", " three"), 0, null, null);
            popup.follow(Optional.of(new BoundingBox(200, 100, 1, 20)));
            return null;
        });
        assertTrue(fx(popup::isShowing));
        assertEquals(200, fx(() -> popup.popup().getX()), 0.5);
        assertEquals(120 + SuggestionPopup.GAP, fx(() -> popup.popup().getY()), 0.5);

        double caretTop = screen.getMaxY() - 30;
        fx(() -> {
            popup.follow(Optional.of(new BoundingBox(200, caretTop, 1, 20)));
            return null;
        });
        double y = fx(() -> popup.popup().getY());
        double height = fx(() -> popup.content().getHeight());
        assertTrue(height > 30, "three rows tall: " + height);
        assertEquals(caretTop - SuggestionPopup.GAP - height, y, 2.0, "above the caret");

        fx(() -> {
            popup.follow(Optional.empty());
            return null;
        });
        assertFalse(fx(popup::isShowing), "hidden while the caret is out of view");
        fx(() -> {
            popup.hide();
            return null;
        });
    }
}
