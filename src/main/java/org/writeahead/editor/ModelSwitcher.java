package org.writeahead.editor;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.writeahead.engine.MemoryFit;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.MemoryGate;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.ModelService;
import org.writeahead.suggest.Suggester;

/**
 * Which model serves, and switching it: the Model menu's contents, loading a choice (the memory
 * check first; at start the bundled model stands in for a missing or too big one), downloading a
 * GPT-2 size (through {@link ModelDownloads}) and what the status bar says about all that. The
 * window only places the menu and the bar, and hands over what this needs.
 */
final class ModelSwitcher {

    private final Stage stage;
    private final EditorContext context;
    private final StatusBar status;
    private final ModelService models;
    private final Supplier<Settings> settings;
    /** Keeps new settings as the window's and saves them (the chosen model, once it serves). */
    private final Consumer<Settings> saveSettings;
    /** An error dialog: a header and a message. */
    private final BiConsumer<String, String> error;
    /** Tells the suggestions that the model, or why there is none, changed. */
    private final Runnable modelChanged;
    private final Menu menu = new Menu("Model");
    private final MemoryGate memory;
    private final ModelDownloads downloads;
    /** Why no model serves, for the suggestions to say on TAB. */
    private String problem = "loading model…";
    private String loadingModel;
    /** The catalog name or folder of the model that serves now; null before one is loaded. */
    private String serving;
    /** Why the chosen model is not the one that serves (it is missing or does not fit), for the status bar. */
    private String fallbackNote;

    ModelSwitcher(Stage stage, EditorContext context, StatusBar status, ModelService models, Supplier<Settings> settings,
            Consumer<Settings> saveSettings, VBox top, BiConsumer<String, String> error, Runnable modelChanged) {
        this.stage = stage;
        this.context = context;
        this.status = status;
        this.models = models;
        this.settings = settings;
        this.saveSettings = saveSettings;
        this.error = error;
        this.modelChanged = modelChanged;
        this.memory = new MemoryGate(context.memory());
        // A finished download is switched to as if chosen in the menu.
        this.downloads = new ModelDownloads(stage, context, status, settings, memory, top, error, name -> load(name, true),
                this::updateModelMenu);
        updateModelMenu();
        // Another program (the command line, Python) may have downloaded a size meanwhile: look again.
        menu.setOnShowing(e -> {
            updateModelMenu();
            downloads.dropBarIfGpt2OnDisk();
        });
    }

    /** The Model menu; its items change as models load and downloads run. */
    Menu menu() {
        return menu;
    }

    /** Why no model serves (while none does). */
    String problem() {
        return problem;
    }

    /** A model is being loaded: the one that serves stays until it is ready. */
    boolean loading() {
        return loadingModel != null;
    }

    /**
     * Loads a model (a catalog name or a folder); the current one serves until the new one is
     * ready, then it is closed. The memory check comes first: a model that does not fit is
     * refused and nothing changes. The choice is saved once it serves.
     */
    void load(String nameOrFolder, boolean askedByUser) {
        load(nameOrFolder, askedByUser, true);
    }

    /** {@code remember}: save the choice once it serves (not when the bundled model stands in for a missing one at start). */
    private void load(String nameOrFolder, boolean askedByUser, boolean remember) {
        String label = ModelCatalog.label(nameOrFolder);
        Optional<Path> folder = context.catalog().resolve(nameOrFolder);
        if (folder.isEmpty()) {
            String why = missingModel(nameOrFolder);
            if (models.current() == null && !askedByUser && standInFor(nameOrFolder, why)) {
                return;
            }
            if (models.current() == null) {
                problem = why;
                status.noModel(why);
                modelChanged.run();
            } else if (askedByUser) {
                error.accept("Cannot use " + label, why);
            }
            updateModelMenu();
            return;
        }
        loadingModel = nameOrFolder;
        if (models.current() == null) {
            problem = "no model loaded";
        }
        status.loading(label);
        int rows = settings.get().suggestions();
        models.load(label, folder.get(), settings.get().device(), f -> memory.check(shortName(nameOrFolder), f, rows), new ModelService.Listener() {
            @Override
            public void onLoaded(Suggester suggester, MemoryFit.Check fit) {
                loadingModel = null;
                serving = nameOrFolder;
                if (remember) {
                    saveSettings.accept(settings.get().withModel(nameOrFolder));
                }
                status.model(displayName(nameOrFolder, suggester), suggester.parameterCount(), suggester.device());
                status.ready();
                if (fallbackNote != null) {
                    status.state("ready (" + fallbackNote + ")");
                    fallbackNote = null;
                } else if (fit != null && fit.verdict() == MemoryFit.Verdict.TIGHT) {
                    status.state("ready (memory is tight: it needs about " + MemoryFit.gigabytes(fit.estimate().total()) + " of the "
                            + MemoryFit.gigabytes(fit.available().available()) + " available)");
                } else if (suggester.deviceNotice() != null) {
                    status.state("ready (" + suggester.deviceNotice() + ")");
                }
                updateModelMenu();
                downloads.dropBarIfGpt2OnDisk();
                modelChanged.run();
            }

            @Override
            public void onFailed(String name, String message) {
                loadingModel = null;
                fallbackNote = null;
                String why = "could not load " + name + ": " + message;
                if (models.current() == null) {
                    problem = why;
                    status.noModel(why);
                } else {
                    keptCurrent(why);
                }
                if (askedByUser) {
                    error.accept("Cannot load " + name, message + (models.current() != null ? "\nThe current model stays." : ""));
                }
                updateModelMenu();
                modelChanged.run();
            }

            @Override
            public void onRefused(String name, MemoryFit.Check fit) {
                loadingModel = null;
                if (models.current() == null && !askedByUser && standInFor(nameOrFolder, fit.message())) {
                    return;
                }
                fallbackNote = null;
                if (models.current() == null) {
                    problem = fit.message();
                    status.noModel(fit.message());
                } else {
                    keptCurrent(shortName(nameOrFolder) + " does not fit in memory");
                }
                if (askedByUser) {
                    error.accept(name + " does not fit in this machine's memory",
                            fit.message() + (models.current() != null ? "; the current model stays" : ""));
                }
                updateModelMenu();
                modelChanged.run();
            }
        });
        updateModelMenu();
    }

    /**
     * At start, without a model yet: the chosen model is missing or does not fit, so the bundled
     * one serves instead (the choice itself stays saved). False when there is no bundled model.
     */
    private boolean standInFor(String nameOrFolder, String why) {
        String bundled = org.writeahead.engine.ModelCatalog.BUNDLED;
        if (bundled.equals(nameOrFolder) || context.catalog().resolve(bundled).isEmpty()) {
            return false;
        }
        fallbackNote = why + "; the bundled model serves";
        load(bundled, false, false);
        return true;
    }

    private void keptCurrent(String why) {
        Suggester current = models.current();
        status.model(displayName(serving, current), current.parameterCount(), current.device());
        status.settled("kept " + displayName(serving, current) + " (" + why + ")");
    }

    /** The status bar's name: a size or repository by its catalog name (its folder is a commit hash), else the model's own. */
    private static String displayName(String nameOrFolder, Suggester suggester) {
        if (nameOrFolder != null && (org.writeahead.engine.ModelCatalog.size(nameOrFolder).isPresent()
                || (nameOrFolder.indexOf('/') > 0 && org.writeahead.hub.RepoId.isValid(nameOrFolder)
                        && !java.nio.file.Files.isDirectory(Path.of(nameOrFolder))))) {
            return nameOrFolder;
        }
        return suggester.name();
    }

    /** "gpt2-xl" for a size, the folder's name for a folder: for messages. */
    private static String shortName(String nameOrFolder) {
        if (org.writeahead.engine.ModelCatalog.size(nameOrFolder).isPresent()) {
            return nameOrFolder;
        }
        return ModelCatalog.label(nameOrFolder);
    }

    /** Why a model cannot be used, and what to do about it, in one line. */
    static String missingModel(String nameOrFolder) {
        if (org.writeahead.engine.ModelCatalog.BUNDLED.equals(nameOrFolder)) {
            return "no model found (models/" + org.writeahead.engine.ModelCatalog.BUNDLED + " is not there): use Model ▸ Open model folder…";
        }
        if (org.writeahead.engine.ModelCatalog.size(nameOrFolder).isPresent()) {
            return nameOrFolder + " is not downloaded: choose it in the Model menu to download it";
        }
        return "no model found at " + nameOrFolder + ": use Model ▸ Open model folder…";
    }

    /**
     * A menu choice: a model on disk loads; a GPT-2 size that is not asks whether to download it
     * (naming the download size and the memory it needs), then downloads it and switches to it.
     */
    void chooseModel(String name) {
        Optional<org.writeahead.engine.ModelCatalog.Size> size = org.writeahead.engine.ModelCatalog.size(name);
        if (size.isPresent() && context.catalog().resolve(name).isEmpty()) {
            downloads.offer(size.get(), true);
        } else {
            load(name, true);
        }
    }

    /** Rebuilt whenever what it shows changes: the model that serves, the sizes on disk, a download running. */
    private void updateModelMenu() {
        ToggleGroup group = new ToggleGroup();
        menu.getItems().clear();
        String selected = serving != null ? serving : settings.get().model();
        boolean custom = true;
        for (ModelCatalog.Entry entry : ModelCatalog.KNOWN) {
            boolean onDisk = context.catalog().find(entry).isPresent();
            Optional<org.writeahead.engine.ModelCatalog.Size> size = org.writeahead.engine.ModelCatalog.size(entry.name());
            custom &= !entry.name().equals(selected);
            if (!onDisk && size.isPresent()) {
                boolean running = entry.name().equals(downloads.running());
                MenuItem item = new MenuItem(entry.label() + (running ? " — downloading…"
                        : " — download " + MemoryFit.gigabytes(size.get().downloadBytes()) + "…"));
                item.setDisable(running);
                item.setOnAction(e -> chooseModel(entry.name()));
                menu.getItems().add(item);
                continue;
            }
            RadioMenuItem item = new RadioMenuItem(entry.label() + (onDisk ? "" : " — not on disk"));
            item.setToggleGroup(group);
            item.setDisable(!onDisk);
            item.setSelected(entry.name().equals(selected));
            item.setOnAction(e -> chooseModel(entry.name()));
            menu.getItems().add(item);
        }
        List<org.writeahead.engine.ModelCatalog.Entry> others = context.catalog().others();
        if (!others.isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        for (org.writeahead.engine.ModelCatalog.Entry other : others) {
            String name = other.kind() == org.writeahead.engine.ModelCatalog.Kind.HUB ? other.repo() : other.name();
            String where = other.kind() == org.writeahead.engine.ModelCatalog.Kind.HUB ? "Hugging Face cache" : "models/";
            RadioMenuItem item = new RadioMenuItem(other.name() + " (" + StatusBar.parameters(other.parameters()) + ", " + where + ")");
            item.setMnemonicParsing(false);
            item.setToggleGroup(group);
            boolean chosen = name.equals(selected) || (other.path() != null && other.path().toString().equals(selected));
            item.setSelected(chosen);
            custom &= !chosen;
            item.setOnAction(e -> load(name, true));
            menu.getItems().add(item);
        }
        if (custom) {
            RadioMenuItem folder = new RadioMenuItem(ModelCatalog.label(selected) + " (folder)");
            folder.setMnemonicParsing(false);
            folder.setToggleGroup(group);
            folder.setSelected(true);
            menu.getItems().add(folder);
        }
        MenuItem openFolder = EditorWindow.item("Open model folder…", null, this::openModelFolder);
        menu.getItems().addAll(new SeparatorMenuItem(), openFolder);
    }

    private void openModelFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a GPT-2 model folder (config.json, tokenizer.json, model.safetensors)");
        File chosen = chooser.showDialog(stage);
        if (chosen != null) {
            load(chosen.toPath().toAbsolutePath().toString(), true);
        }
    }

    /** The first-start bar, once the menus are in place above it. */
    void offerGpt2() {
        downloads.offerGpt2();
    }

    /** The window went. */
    void shutdown() {
        downloads.shutdown();
    }

    // For tests.
    ModelDownloads downloads() {
        return downloads;
    }

    String serving() {
        return serving;
    }
}

