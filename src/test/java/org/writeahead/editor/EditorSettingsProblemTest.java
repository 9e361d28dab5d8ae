package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.writeahead.editor.EditorHarness.fx;
import static org.writeahead.editor.EditorHarness.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A settings.json that is not JSON: the editor starts with the defaults and says so once. */
@ExtendWith(ApplicationExtension.class)
class EditorSettingsProblemTest {

    @TempDir
    Path dir;

    private EditorWindow window;

    @Start
    void start(Stage stage) throws IOException {
        EditorContext context = EditorHarness.context(dir, EditorHarness.shortSuggestions(), (folder, device) -> {
            throw new AssertionError("nothing to load");
        }, false);
        Files.writeString(context.settings().file(), "{ \"suggestions\": 3, oops");
        window = new EditorWindow(stage, context);
        window.show(null);
    }

    @AfterEach
    void stop() {
        EditorHarness.closeDialogs();
        fx(() -> {
            window.shutdown(false);
            return null;
        });
    }

    @Test
    void aCorruptSettingsFileIsKeptAndNamedInADialog() throws IOException {
        waitFor("the dialog", () -> !EditorHarness.dialogs().isEmpty());
        javafx.scene.control.DialogPane pane = EditorHarness.dialog("Settings were reset");
        assertEquals("settings.json could not be read, so the default settings are used (the file is kept as settings.json.bad)",
                fx(pane::getContentText));
        assertTrue(Files.readString(dir.resolve("config").resolve("settings.json.bad")).contains("oops"));
    }
}
