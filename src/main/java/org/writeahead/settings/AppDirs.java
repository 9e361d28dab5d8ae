package org.writeahead.settings;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where WriteAhead keeps its files: settings in the user's config directory, autosaves in the
 * user's data directory (XDG on Linux, the usual places on macOS and Windows). The system
 * properties {@code writeahead.config.dir} and {@code writeahead.data.dir} override them, which is
 * what the tests do.
 */
public record AppDirs(Path config, Path data) {

    public static final String CONFIG_PROPERTY = "writeahead.config.dir";
    public static final String DATA_PROPERTY = "writeahead.data.dir";

    public static AppDirs fromEnvironment() {
        return new AppDirs(resolve(CONFIG_PROPERTY, "XDG_CONFIG_HOME", ".config"), resolve(DATA_PROPERTY, "XDG_DATA_HOME", ".local/share"));
    }

    public Path autosave() {
        return data.resolve("autosave");
    }

    private static Path resolve(String property, String xdgVariable, String xdgDefault) {
        String override = System.getProperty(property);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("WriteAhead");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/WriteAhead");
        }
        String xdg = System.getenv(xdgVariable);
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(xdgDefault)).resolve("writeahead");
    }
}
