package org.writeahead.editor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.writeahead.document.AutosaveStore;
import org.writeahead.engine.MemoryFit;
import org.writeahead.hub.HubSettings;
import org.writeahead.settings.AppDirs;
import org.writeahead.settings.SettingsStore;
import org.writeahead.suggest.EngineSuggester;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.Suggester;

/**
 * What the window is made with: where settings and autosaves go, which models exist, how a model
 * is loaded, how often to autosave, the hub downloads come from (asked for only when the user
 * starts a download: a bad {@code HF_ENDPOINT} is then reported, not a failed start) and the
 * memory the models must fit in. Tests build one with temporary folders, a stub model, a hub on
 * 127.0.0.1 with a temporary cache, and a fixed amount of memory.
 */
public record EditorContext(SettingsStore settings, AutosaveStore autosave, ModelCatalog catalog, Suggester.Factory models,
        Duration autosaveEvery, Supplier<HubSettings> hub, Supplier<MemoryFit.Available> memory) {

    public static final Duration AUTOSAVE_EVERY = Duration.ofSeconds(3);

    public static EditorContext standard() {
        AppDirs dirs = AppDirs.fromEnvironment();
        return new EditorContext(new SettingsStore(dirs.config()), new AutosaveStore(dirs.autosave()), ModelCatalog.standard(cacheSettings()),
                EngineSuggester::load, AUTOSAVE_EVERY, HubSettings::fromSystem, MemoryFit::probe);
    }

    /** The hub settings for finding the cache: a malformed HF_ENDPOINT must not stop the editor from starting. */
    private static HubSettings cacheSettings() {
        try {
            return HubSettings.fromSystem();
        } catch (IllegalArgumentException e) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.remove("HF_ENDPOINT");
            return HubSettings.from(env, System.getProperties());
        }
    }
}
