package org.writeahead.editor;

import java.time.Duration;
import org.writeahead.document.AutosaveStore;
import org.writeahead.settings.AppDirs;
import org.writeahead.settings.SettingsStore;
import org.writeahead.suggest.EngineSuggester;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.Suggester;

/**
 * What the window is made with: where settings and autosaves go, which models exist, how a model
 * is loaded, how often to autosave. Tests build one with temporary folders and a stub model.
 */
public record EditorContext(SettingsStore settings, AutosaveStore autosave, ModelCatalog catalog, Suggester.Factory models,
        Duration autosaveEvery) {

    public static final Duration AUTOSAVE_EVERY = Duration.ofSeconds(3);

    public static EditorContext standard() {
        AppDirs dirs = AppDirs.fromEnvironment();
        return new EditorContext(new SettingsStore(dirs.config()), new AutosaveStore(dirs.autosave()), ModelCatalog.standard(),
                EngineSuggester::load, AUTOSAVE_EVERY);
    }
}
