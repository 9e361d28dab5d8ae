package org.writeahead.editor;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Starts the editor from the class path (JavaFX wants its application class started by a class
 * that is not itself an Application). Without a display it says so in one line and returns 2.
 */
public final class EditorLauncher {

    /** Held so that the level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private EditorLauncher() {}

    public static int launch(String... args) {
        String missing = missingDisplay();
        if (missing != null) {
            System.err.println("writeahead: cannot open the editor: " + missing
                    + " (the command line works without one: writeahead --help)");
            return 2;
        }
        // JavaFX warns on every start that it runs from the class path, which is how WriteAhead ships.
        JAVAFX_LOG.setLevel(Level.SEVERE);
        try {
            Application.launch(EditorApp.class, args);
            return 0;
        } catch (RuntimeException | LinkageError e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("writeahead: cannot open the editor window: " + (cause.getMessage() == null ? cause : cause.getMessage()));
            return 2;
        }
    }

    /** Why there is no display to show a window on, or null if there is one (or we cannot tell). */
    static String missingDisplay() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return null;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return null;
        }
        if (blank(System.getenv("DISPLAY")) && blank(System.getenv("WAYLAND_DISPLAY"))) {
            return "no display found (DISPLAY is not set)";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
