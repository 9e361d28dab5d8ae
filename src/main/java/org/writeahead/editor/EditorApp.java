package org.writeahead.editor;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one window, with the file named on the command line if there is one. */
public final class EditorApp extends Application {

    private EditorWindow window;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        window = new EditorWindow(stage, EditorContext.standard());
        window.show(args.isEmpty() ? null : Path.of(args.get(0)));
        window.offerRecovery();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown(false);
        }
    }
}
