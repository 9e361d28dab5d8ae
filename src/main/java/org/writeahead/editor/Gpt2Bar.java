package org.writeahead.editor;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The first-start bar above the text while no GPT-2 is on disk: says that the bundled model
 * serves, offers the download, and can be closed for good. It never blocks the text.
 */
final class Gpt2Bar {

    private final HBox box = new HBox(10);
    private final Label message = new Label();
    private final Button download = new Button("Download GPT-2");
    private final Button close = new Button("×");

    Gpt2Bar(String downloadSize, Runnable onDownload, Runnable onClose) {
        box.getStyleClass().add("gpt2-bar");
        message.setText("Suggestions come from the small bundled model. Download GPT-2 (" + downloadSize + ") for much better ones.");
        message.setWrapText(true);
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        download.getStyleClass().add("gpt2-bar-download");
        download.setOnAction(e -> onDownload.run());
        download.setFocusTraversable(false);
        close.getStyleClass().add("gpt2-bar-close");
        close.setOnAction(e -> onClose.run());
        close.setFocusTraversable(false);
        close.setAccessibleText("Close; do not show again");
        box.getChildren().addAll(message, download, close);
    }

    HBox node() {
        return box;
    }

    /** While a download runs the button waits for it. */
    void downloading(boolean running) {
        download.setDisable(running);
        download.setText(running ? "Downloading…" : "Download GPT-2");
    }

    String messageText() {
        return message.getText();
    }

    Button downloadButton() {
        return download;
    }

    Button closeButton() {
        return close;
    }
}
