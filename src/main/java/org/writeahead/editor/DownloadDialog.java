package org.writeahead.editor;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.suggest.DownloadText;

/**
 * A model download's progress: a bar, bytes done of the total, speed, time left, the file being
 * fetched, and Cancel. Not modal: the document stays editable while it runs. Closing the window
 * is the same as Cancel.
 */
final class DownloadDialog {

    private final Stage stage = new Stage();
    private final ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label figures = new Label("connecting…");
    private final Label file = new Label("");
    private final Button cancel = new Button("Cancel");
    private final Runnable onCancel;
    private boolean cancelling;

    DownloadDialog(Window owner, String title, String from, Runnable onCancel, String stylesheet, boolean dark) {
        this.onCancel = onCancel;
        Label heading = new Label(title);
        heading.getStyleClass().add("download-title");
        Label source = new Label(from);
        source.getStyleClass().add("download-source");
        source.setWrapText(true);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setPrefWidth(420);
        figures.getStyleClass().add("download-figures");
        file.getStyleClass().add("download-file");
        // Not the cancel button: Esc also closes the suggestion list, so pressing it by habit must not
        // stop a download (it hides the window; the status bar keeps the progress). Typing on while
        // the window is up must not press Cancel either (a space would): it takes no focus.
        cancel.setFocusTraversable(false);
        cancel.setOnAction(e -> cancel());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox buttons = new HBox(spring, cancel);
        VBox box = new VBox(8, heading, source, bar, figures, file, buttons);
        box.setPadding(new Insets(16));
        box.getStyleClass().addAll("download-dialog");
        if (dark) {
            box.getStyleClass().add("dark");
        }
        Scene scene = new Scene(box);
        if (stylesheet != null) {
            scene.getStylesheets().add(stylesheet);
        }
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                e.consume();
                stage.hide();
            }
        });
        if (owner != null && owner.getScene() != null) {
            // The editor's shortcuts (Ctrl+Q, Ctrl+S, ...) work while this window has the focus.
            scene.getAccelerators().putAll(owner.getScene().getAccelerators());
        }
        stage.setScene(scene);
        stage.setTitle(title);
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setResizable(false);
        stage.setOnCloseRequest(e -> {
            // The window goes only once the download has stopped (close() then closes it).
            e.consume();
            cancel();
        });
    }

    /** Shows it, and gives the focus back to the owner: the writing goes on meanwhile. */
    void show() {
        stage.show();
        if (stage.getOwner() instanceof Stage owner) {
            owner.requestFocus();
        }
    }

    void progress(DownloadProgress p) {
        if (cancelling) {
            return;
        }
        if (p.totalBytes() > 0) {
            bar.setProgress(p.fraction());
            figures.setText(DownloadText.line(p));
        } else if (p.phase() == DownloadProgress.Phase.CHECKING) {
            bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
            figures.setText("checking what to download…");
        }
        file.setText(DownloadText.phase(p));
    }

    /** Cancel (or the window's close box): stops the download; the window stays, saying so, until it has stopped. */
    void cancel() {
        if (cancelling) {
            return;
        }
        cancelling = true;
        cancel.setDisable(true);
        cancel.setText("Stopping…");
        file.setText("stopping; what came so far is kept, and the next download continues from it");
        onCancel.run();
    }

    /** Shows the window again after Esc hid it, in front (the status bar's progress is clicked). */
    void bringBack() {
        if (!stage.isShowing()) {
            stage.show();
        }
        stage.toFront();
    }

    void close() {
        stage.setOnCloseRequest(null);
        stage.close();
    }

    boolean isShowing() {
        return stage.isShowing();
    }

    // For tests.
    Stage stage() {
        return stage;
    }

    double progressValue() {
        return bar.getProgress();
    }

    String figuresText() {
        return figures.getText();
    }

    String fileText() {
        return file.getText();
    }

    Button cancelButton() {
        return cancel;
    }
}
