package org.writeahead.editor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpan;
import org.writeahead.document.DocumentFiles;
import org.writeahead.document.ModelMarks;
import org.writeahead.settings.SettingsStore;

/**
 * The document in the window: which file it is, whether it changed since it was saved (the undo
 * manager's mark), the title that says both, and New / Open / Save / Save As with their questions.
 */
final class Documents {

    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.YES);
    static final ButtonType DONT_SAVE = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);

    private final Stage stage;
    private final StyleClassedTextArea area;
    private final SettingsStore store;
    private final Runnable onRecentChanged;
    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper(false);
    private Path file;
    /** The open file's byte-order mark and line breaks, kept when it is saved (Save As too). */
    private DocumentFiles.Format format = DocumentFiles.Format.PLAIN;

    Documents(Stage stage, StyleClassedTextArea area, SettingsStore store, Runnable onRecentChanged) {
        this.stage = stage;
        this.area = area;
        this.store = store;
        this.onRecentChanged = onRecentChanged;
        area.getUndoManager().atMarkedPositionProperty().addListener((o, was, atMark) -> {
            modified.set(!atMark);
            updateTitle();
        });
        updateTitle();
    }

    Path file() {
        return file;
    }

    boolean isModified() {
        return modified.get();
    }

    ReadOnlyBooleanProperty modifiedProperty() {
        return modified.getReadOnlyProperty();
    }

    /** Shows {@code text} as the document of {@code newFile}; recovered text stays marked modified. */
    void load(Path newFile, String text, boolean asModified) {
        file = newFile == null ? null : newFile.toAbsolutePath().normalize();
        format = DocumentFiles.Format.PLAIN; // open() sets the file's own after this
        area.replaceText(text);
        area.getUndoManager().forgetHistory();
        // A recovered text is one the user was writing: the caret goes back to its end.
        area.moveTo(asModified ? area.getLength() : 0);
        area.requestFollowCaret();
        if (asModified) {
            // A fresh undo history is at its mark; a recovered text must count as unsaved.
            modified.set(true);
        } else {
            area.getUndoManager().mark();
            modified.set(false);
        }
        updateTitle();
    }

    /** Opens a file (a missing one is a new document that Save will create); false with a message if it cannot. */
    boolean open(Path path) {
        try {
            DocumentFiles.Opened opened = DocumentFiles.open(path);
            load(path, opened.text(), false);
            format = opened.format();
            applyMarks(ModelMarks.load(path, opened.text()));
            remember(path);
            return true;
        } catch (IOException e) {
            error("Cannot open " + path.getFileName(), e.getMessage());
            return false;
        }
    }

    void newDocument() {
        if (confirmDiscard()) {
            load(null, "", false);
        }
    }

    void openDialog() {
        if (!confirmDiscard()) {
            return;
        }
        FileChooser chooser = chooser("Open");
        File chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            open(chosen.toPath());
        }
    }

    boolean save() {
        return file == null ? saveAs() : saveTo(file);
    }

    boolean saveAs() {
        FileChooser chooser = chooser("Save As");
        if (file != null) {
            chooser.setInitialFileName(file.getFileName().toString());
        } else {
            chooser.setInitialFileName("Untitled.txt");
        }
        File chosen = chooser.showSaveDialog(stage);
        return chosen != null && saveTo(chosen.toPath());
    }

    /** Saves atomically; the document is then unmodified. */
    boolean saveTo(Path path) {
        try {
            DocumentFiles.save(path, area.getText(), format);
        } catch (IOException e) {
            error("Cannot save " + path.getFileName(), e.getMessage() + "\nThe text is still here and in the autosave.");
            return false;
        }
        file = path.toAbsolutePath().normalize();
        saveMarks(file);
        area.getUndoManager().mark();
        modified.set(false);
        remember(file);
        updateTitle();
        return true;
    }

    /** The ranges the model wrote, as the style spans of the text area hold them. */
    List<ModelMarks.Range> marks() {
        List<ModelMarks.Range> ranges = new ArrayList<>();
        int pos = 0;
        for (StyleSpan<Collection<String>> span : area.getStyleSpans(0, area.getLength())) {
            int end = pos + span.getLength();
            if (span.getStyle().contains(SuggestionController.MODEL_STYLE)) {
                if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() == pos) {
                    ranges.set(ranges.size() - 1, new ModelMarks.Range(ranges.get(ranges.size() - 1).start(), end));
                } else {
                    ranges.add(new ModelMarks.Range(pos, end));
                }
            }
            pos = end;
        }
        return ranges;
    }

    private void saveMarks(Path path) {
        try {
            ModelMarks.save(path, area.getText(), marks());
        } catch (IOException e) {
            // The document is saved; only the colouring of the model's words would be lost next time.
        }
    }

    /** Paints saved marks without making them an undo step or a change. */
    private void applyMarks(List<ModelMarks.Range> ranges) {
        if (ranges.isEmpty()) {
            return;
        }
        for (ModelMarks.Range r : ranges) {
            area.setStyleClass(r.start(), r.end(), SuggestionController.MODEL_STYLE);
        }
        area.getUndoManager().forgetHistory();
        area.getUndoManager().mark();
        modified.set(false);
        updateTitle();
    }

    /** True if the document may go: it is saved, or the user saved it or chose not to. */
    boolean confirmDiscard() {
        if (!isModified()) {
            return true;
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Save the changes to " + name() + " before closing it?", SAVE, DONT_SAVE,
                ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setHeaderText("You have unsaved changes");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            return false;
        }
        return answer.get() == DONT_SAVE || save();
    }

    String name() {
        return file == null ? "Untitled" : file.getFileName().toString();
    }

    private void updateTitle() {
        stage.setTitle((isModified() ? "• " : "") + name() + " — WriteAhead");
    }

    private void remember(Path path) {
        try {
            store.addRecent(path);
            onRecentChanged.run();
        } catch (IOException e) {
            // The recent-files list is a convenience; failing to update it is not worth a dialog.
        }
    }

    private FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Text and Markdown", "*.txt", "*.md", "*.markdown"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (file != null && file.getParent() != null) {
            chooser.setInitialDirectory(file.getParent().toFile());
        }
        return chooser;
    }

    void error(String header, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(stage);
        alert.setHeaderText(header);
        alert.show();
    }
}
