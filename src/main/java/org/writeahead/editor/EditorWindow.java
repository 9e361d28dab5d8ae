package org.writeahead.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.writeahead.document.AutosaveStore;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.ModelService;
import org.writeahead.suggest.Suggester;

/**
 * WriteAhead's window. It only wires the parts together: the text area, the menus, the status
 * bar, the suggestions ({@link SuggestionController}), the document ({@link Documents}), the
 * autosave ({@link Autosaver}) and the model that serves ({@link ModelSwitcher}).
 */
public final class EditorWindow {

    private final Stage stage;
    private final EditorContext context;
    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final StatusBar status;
    private final ModelService models;
    private final SuggestionController suggestions;
    private final Documents documents;
    private final Autosaver autosaver;
    private final BorderPane root = new BorderPane();
    private final Menu recentMenu = new Menu("Open Recent");
    private final VBox top = new VBox();
    private final ModelSwitcher switcher;
    private Settings settings;

    public EditorWindow(Stage stage, EditorContext context) {
        this.stage = stage;
        this.context = context;
        this.settings = context.settings().load();
        area.getStyleClass().add("prose");
        area.setWrapText(true);
        area.setUseInitialStyleForInsertion(true);
        area.setPadding(new Insets(28, 56, 28, 56));
        status = new StatusBar(area);
        models = new ModelService(context.models(), Platform::runLater);
        suggestions = new SuggestionController(area, models, () -> settings, this::modelProblem, new SuggestionController.Status() {
            @Override
            public void generating(double tokensPerSecond) {
                status.generating(tokensPerSecond);
            }

            @Override
            public void idle() {
                if (models.current() != null && !switcher.loading()) {
                    status.ready();
                }
            }
        });
        EditorKeys.install(area, suggestions);
        documents = new Documents(stage, area, context.settings(), this::rebuildRecent);
        autosaver = new Autosaver(area, context.autosave(), documents::file, documents::isModified, context.autosaveEvery());
        switcher = new ModelSwitcher(stage, context, status, models, () -> settings, this::saveSettings, top, documents::error,
                suggestions::modelChanged);

        top.getChildren().add(menus());
        root.setTop(top);
        switcher.offerGpt2();
        root.setCenter(new VirtualizedScrollPane<>(area));
        root.setBottom(status.node());
        Scene scene = new Scene(root, 920, 660);
        scene.getStylesheets().add(stylesheet());
        stage.setScene(scene);
        stage.setMinWidth(420);
        stage.setMinHeight(300);
        stage.setOnCloseRequest(e -> {
            if (!documents.confirmDiscard()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> shutdown(false));
        applyView();
    }

    /** Shows the window at once with {@code file} (or an empty document), then loads the model in the background. */
    public void show(Path file) {
        documents.load(null, "", false);
        stage.show();
        area.requestFocus();
        if (context.settings().problem() != null) {
            documents.error("Settings were reset", context.settings().problem());
        }
        autosaver.start();
        switcher.load(settings.model(), false);
        if (file != null) {
            // A big file takes a moment to lay out: the window is drawn first, then it fills.
            stage.setTitle(file.getFileName() + " — WriteAhead");
            PauseTransition drawFirst = new PauseTransition(javafx.util.Duration.millis(150));
            drawFirst.setOnFinished(e -> {
                if (!documents.isModified() && !documents.open(file)) {
                    documents.load(null, "", false);
                }
            });
            drawFirst.play();
        }
    }

    /** Offers the newest leftover autosave of a WriteAhead that did not close cleanly. */
    public void offerRecovery() {
        List<AutosaveStore.Leftover> leftovers = context.autosave().leftovers();
        if (leftovers.isEmpty()) {
            return;
        }
        AutosaveStore.Leftover newest = leftovers.get(0);
        String when = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss").withZone(ZoneId.systemDefault()).format(newest.savedAt());
        String what = newest.file() == null ? "an untitled document" : newest.file().getFileName().toString();
        ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType("Not now", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "WriteAhead did not close normally. Unsaved text of " + what + " (" + newest.characters() + " characters, autosaved " + when
                        + ") can be recovered.", recover, discard, later);
        alert.initOwner(stage);
        alert.setHeaderText("Recover unsaved work?");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == recover) {
            recover(newest);
        } else if (answer.isPresent() && answer.get() == discard) {
            try {
                context.autosave().discard(newest.id());
            } catch (IOException e) {
                documents.error("Cannot remove the autosave", e.getMessage());
            }
        }
    }

    /** Puts a leftover's text in the window as an unsaved document of its file; the leftover then goes. */
    public void recover(AutosaveStore.Leftover leftover) {
        recoverFrom(context.autosave(), leftover);
    }

    void recoverFrom(AutosaveStore store, AutosaveStore.Leftover leftover) {
        try {
            String text = store.readText(leftover.id());
            documents.load(leftover.file(), text, true);
            // Our own slot holds the text before the leftover goes: it is on disk at every moment.
            autosaver.writeNow();
            store.discard(leftover.id());
        } catch (IOException e) {
            documents.error("Cannot recover the autosave", e.getMessage());
        }
    }


    /** The window's stylesheet; the download window uses it too. */
    static String stylesheet() {
        return EditorWindow.class.getResource("editor.css").toExternalForm();
    }

    private MenuBar menus() {
        MenuItem newDoc = item("New", "Shortcut+N", documents()::newDocument);
        MenuItem open = item("Open…", "Shortcut+O", documents()::openDialog);
        MenuItem save = item("Save", "Shortcut+S", () -> documents.save());
        MenuItem saveAs = item("Save As…", "Shortcut+Shift+S", () -> documents.saveAs());
        MenuItem quit = item("Quit", "Shortcut+Q", this::quit);
        Menu file = new Menu("File", null, newDoc, open, recentMenu, new SeparatorMenuItem(), save, saveAs, new SeparatorMenuItem(), quit);
        rebuildRecent();

        Menu edit = new Menu("Edit", null,
                item("Undo", "Shortcut+Z", area::undo),
                item("Redo", "Shortcut+Shift+Z", area::redo),
                new SeparatorMenuItem(),
                item("Cut", "Shortcut+X", area::cut),
                item("Copy", "Shortcut+C", area::copy),
                item("Paste", "Shortcut+V", area::paste),
                item("Select All", "Shortcut+A", area::selectAll),
                new SeparatorMenuItem(),
                item("Find…", "Shortcut+F", this::find));

        MenuItem settingsItem = item("Settings…", "Shortcut+Comma", this::openSettings);
        Menu settingsMenu = new Menu("Settings", null, settingsItem);

        CheckMenuItem marks = new CheckMenuItem("Mark the model's text");
        marks.setSelected(settings.showMarks());
        marks.setOnAction(e -> applySettings(settings.withShowMarks(marks.isSelected())));
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(settings.darkTheme());
        dark.setOnAction(e -> applySettings(settings.withDarkTheme(dark.isSelected())));
        Menu view = new Menu("View", null, marks, dark);

        Menu help = new Menu("Help", null, item("Keys", null, this::showKeys), item("About WriteAhead", null, this::showAbout));
        return new MenuBar(file, edit, switcher.menu(), settingsMenu, view, help);
    }


    private void openSettings() {
        suggestions.close();
        Settings before = settings;
        new SettingsDialog(stage, settings).showAndWait().ifPresent(s -> {
            applySettings(s);
            if (s.device() != before.device()) {
                switcher.load(settings.model(), true);
            }
        });
    }

    /** New settings from the dialog: used from the next TAB on, and saved. */
    void applySettings(Settings s) {
        saveSettings(s);
        applyView();
    }

    private void find() {
        TextInputDialog dialog = new TextInputDialog(area.getSelectedText());
        dialog.initOwner(stage);
        dialog.setTitle("Find");
        dialog.setHeaderText(null);
        dialog.setContentText("Find:");
        dialog.showAndWait().filter(s -> !s.isEmpty()).ifPresent(needle -> {
            String text = area.getText();
            int from = area.getSelection().getEnd();
            int at = text.indexOf(needle, from);
            if (at < 0) {
                at = text.indexOf(needle);
            }
            if (at < 0) {
                status.state("\"" + needle + "\" not found");
            } else {
                area.selectRange(at, at + needle.length());
                area.requestFollowCaret();
            }
        });
    }

    private void showKeys() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("Keys");
        alert.setHeaderText("Writing with WriteAhead");
        alert.setContentText(String.join("\n",
                "TAB — suggest continuations at the caret; TAB again — make them longer",
                "Shift+TAB — back to the previous length",
                "↑ / ↓ — choose;  Enter or a click — insert;  Esc — close the list",
                "Ctrl+Right (or Alt+Right) — insert only the next word",
                "Ctrl+R — new suggestions",
                "Typing, clicking or moving the caret closes the list",
                "Ctrl+Z — undo (an inserted suggestion is one step)"));
        alert.showAndWait();
    }

    private void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("About WriteAhead");
        alert.setHeaderText("WriteAhead 0.1");
        alert.setContentText("A text editor that writes along with you. GPT-2 runs on this computer; nothing you write leaves it.\n"
                + "Settings: " + context.settings().file() + "\nAutosaves: " + context.autosave().dir());
        alert.showAndWait();
    }

    private void quit() {
        if (documents.confirmDiscard()) {
            stage.hide();
        }
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : context.settings().recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                if (documents.confirmDiscard()) {
                    documents.open(p);
                }
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void applyView() {
        root.getStyleClass().removeAll("dark", "marks");
        if (settings.darkTheme()) {
            root.getStyleClass().add("dark");
        }
        if (settings.showMarks()) {
            root.getStyleClass().add("marks");
        }
    }

    /** {@code s} becomes the settings, and is saved. */
    private void saveSettings(Settings s) {
        settings = s;
        try {
            context.settings().save(settings);
        } catch (IOException e) {
            status.state("settings not saved: " + e.getMessage());
        }
    }

    private boolean stopped;

    /** The window went: stop the timers and threads; an unsaved document keeps its autosave slot only if asked. */
    void shutdown(boolean keepAutosave) {
        if (stopped) {
            return;
        }
        stopped = true;
        switcher.shutdown();
        suggestions.shutdown();
        autosaver.stop(keepAutosave);
        models.close();
    }

    /**
     * Why no model serves, for the suggestions. A method: the switcher is made after the
     * suggestions (it tells them of model changes), and a lambda may not read it before then.
     */
    private String modelProblem() {
        return switcher.problem();
    }

    private Documents documents() {
        return documents;
    }

    static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    // For tests and the launcher.
    public Stage stage() {
        return stage;
    }

    StyleClassedTextArea area() {
        return area;
    }

    SuggestionController suggestions() {
        return suggestions;
    }

    Documents documentState() {
        return documents;
    }

    StatusBar status() {
        return status;
    }

    Autosaver autosaver() {
        return autosaver;
    }

    Settings settings() {
        return settings;
    }

    ModelSwitcher switcher() {
        return switcher;
    }

    ModelDownloads downloads() {
        return switcher.downloads();
    }

    Suggester currentModel() {
        return models.current();
    }
}
