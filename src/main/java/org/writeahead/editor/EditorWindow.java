package org.writeahead.editor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.writeahead.document.AutosaveStore;
import org.writeahead.engine.MemoryFit;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.HubSettings;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.DownloadText;
import org.writeahead.suggest.MemoryGate;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.ModelDownload;
import org.writeahead.suggest.ModelService;
import org.writeahead.suggest.Suggester;

/**
 * WriteAhead's window. It only wires the parts together: the text area, the menus, the status
 * bar, the suggestions ({@link SuggestionController}), the document ({@link Documents}) and the
 * autosave ({@link Autosaver}).
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
    private final Menu modelMenu = new Menu("Model");
    private final VBox top = new VBox();
    private final MemoryGate memory;
    /** The memory probe reads /proc: off the UI thread. */
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-memory-check");
        t.setDaemon(true);
        return t;
    });
    private Settings settings;
    private String modelProblem = "loading model…";
    private String loadingModel;
    /** The catalog name or folder of the model that serves now; null before one is loaded. */
    private String serving;
    /** Why the chosen model is not the one that serves (it is missing or does not fit), for the status bar. */
    private String fallbackNote;
    private Gpt2Bar gpt2Bar;
    private ModelDownload download;
    private String downloading;
    private DownloadDialog downloadDialog;

    public EditorWindow(Stage stage, EditorContext context) {
        this.stage = stage;
        this.context = context;
        this.settings = context.settings().load();
        area.getStyleClass().add("prose");
        area.setWrapText(true);
        area.setUseInitialStyleForInsertion(true);
        area.setPadding(new Insets(28, 56, 28, 56));
        status = new StatusBar(area);
        memory = new MemoryGate(context.memory());
        models = new ModelService(context.models(), Platform::runLater);
        suggestions = new SuggestionController(area, models, () -> settings, () -> modelProblem, new SuggestionController.Status() {
            @Override
            public void generating(double tokensPerSecond) {
                status.generating(tokensPerSecond);
            }

            @Override
            public void idle() {
                if (models.current() != null && loadingModel == null) {
                    status.ready();
                }
            }
        });
        EditorKeys.install(area, suggestions);
        documents = new Documents(stage, area, context.settings(), this::rebuildRecent);
        autosaver = new Autosaver(area, context.autosave(), documents::file, documents::isModified, context.autosaveEvery());

        top.getChildren().add(menus());
        root.setTop(top);
        offerGpt2();
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
        autosaver.start();
        loadModel(settings.model(), false);
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

    /**
     * Loads a model (a catalog name or a folder); the current one serves until the new one is
     * ready, then it is closed. The memory check comes first: a model that does not fit is
     * refused and nothing changes. The choice is saved once it serves.
     */
    void loadModel(String nameOrFolder, boolean askedByUser) {
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
                modelProblem = why;
                status.noModel(why);
                suggestions.modelChanged();
            } else if (askedByUser) {
                documents.error("Cannot use " + label, why);
            }
            updateModelMenu();
            return;
        }
        loadingModel = nameOrFolder;
        if (models.current() == null) {
            modelProblem = "no model loaded";
        }
        status.loading(label);
        int rows = settings.suggestions();
        models.load(label, folder.get(), settings.device(), f -> memory.check(shortName(nameOrFolder), f, rows), new ModelService.Listener() {
            @Override
            public void onLoaded(Suggester suggester, MemoryFit.Check fit) {
                loadingModel = null;
                serving = nameOrFolder;
                if (remember) {
                    settings = settings.withModel(nameOrFolder);
                    saveSettings();
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
                suggestions.modelChanged();
            }

            @Override
            public void onFailed(String name, String message) {
                loadingModel = null;
                fallbackNote = null;
                String why = "could not load " + name + ": " + message;
                if (models.current() == null) {
                    modelProblem = why;
                    status.noModel(why);
                } else {
                    keptCurrent(why);
                }
                if (askedByUser) {
                    documents.error("Cannot load " + name, message + (models.current() != null ? "\nThe current model stays." : ""));
                }
                updateModelMenu();
                suggestions.modelChanged();
            }

            @Override
            public void onRefused(String name, MemoryFit.Check fit) {
                loadingModel = null;
                if (models.current() == null && !askedByUser && standInFor(nameOrFolder, fit.message())) {
                    return;
                }
                fallbackNote = null;
                if (models.current() == null) {
                    modelProblem = fit.message();
                    status.noModel(fit.message());
                } else {
                    keptCurrent(shortName(nameOrFolder) + " does not fit in memory");
                }
                if (askedByUser) {
                    documents.error(name + " does not fit in this machine's memory",
                            fit.message() + (models.current() != null ? "; the current model stays" : ""));
                }
                updateModelMenu();
                suggestions.modelChanged();
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
            offerDownload(size.get(), true);
        } else {
            loadModel(name, true);
        }
    }

    /** Checks that the size would fit in memory (off the UI thread), then asks (if {@code ask}) and downloads it. */
    void offerDownload(org.writeahead.engine.ModelCatalog.Size size, boolean ask) {
        String label = ModelCatalog.label(size.name());
        if (stopped) {
            return;
        }
        if (download != null) {
            if (downloadDialog != null) {
                downloadDialog.stage().toFront();
            }
            status.state("a download is running already (" + ModelCatalog.label(downloading) + ")");
            return;
        }
        HubSettings hub;
        try {
            hub = context.hub().get();
        } catch (RuntimeException e) {
            documents.error("Cannot download " + label, oneLine(e));
            return;
        }
        if (hub.offline()) {
            documents.error("Cannot download " + label, "HF_HUB_OFFLINE is set, so WriteAhead does not connect: unset it to download "
                    + size.name() + "; the current model stays");
            return;
        }
        int rows = settings.suggestions();
        checks.execute(() -> {
            MemoryFit.Check fit;
            try {
                fit = memory.check(size.name(), size.config(), rows);
            } catch (RuntimeException e) {
                fit = null; // No figure to go by: the load checks again.
            }
            MemoryFit.Check checked = fit;
            Platform.runLater(() -> {
                if (stopped) {
                    return;
                }
                if (checked != null && checked.refused()) {
                    documents.error(label + " does not fit in this machine's memory", checked.message() + "; nothing was downloaded");
                    return;
                }
                if (ask) {
                    askToDownload(size, hub, checked);
                } else {
                    startDownload(size, hub);
                }
            });
        });
    }

    private void askToDownload(org.writeahead.engine.ModelCatalog.Size size, HubSettings hub, MemoryFit.Check fit) {
        String label = ModelCatalog.label(size.name());
        ButtonType yes = new ButtonType("Download", ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        StringBuilder text = new StringBuilder();
        text.append(label).append(" is not on disk. Download about ").append(MemoryFit.gigabytes(size.downloadBytes()))
                .append(" from ").append(hub.endpoint()).append(" into ").append(hub.cacheRoot()).append("?");
        if (fit != null) {
            text.append("\nRunning it needs about ").append(MemoryFit.gigabytes(fit.estimate().total())).append(" of memory (")
                    .append(MemoryFit.gigabytes(fit.available().available())).append(" available).");
            if (fit.verdict() == MemoryFit.Verdict.TIGHT) {
                text.append("\n").append(fit.message()).append('.');
            }
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text.toString(), yes, no);
        alert.initOwner(stage);
        alert.setTitle("Download " + label);
        alert.setHeaderText("Download " + label + "?");
        alert.getDialogPane().setPrefWidth(560);
        alert.setOnHidden(e -> {
            if (alert.getResult() == yes && !stopped) {
                startDownload(size, hub);
            }
        });
        alert.show();
    }

    private void startDownload(org.writeahead.engine.ModelCatalog.Size size, HubSettings hub) {
        if (download != null) {
            return;
        }
        String label = ModelCatalog.label(size.name());
        downloading = size.name();
        DownloadDialog dialog = new DownloadDialog(stage, "Downloading " + label,
                "About " + MemoryFit.gigabytes(size.downloadBytes()) + " from " + hub.endpoint() + ", into " + hub.cacheRoot(),
                () -> {
                    if (download != null) {
                        download.cancel();
                    }
                }, stylesheet(), settings.darkTheme());
        downloadDialog = dialog;
        download = ModelDownload.start(new HubDownloader(hub), size.repoId(), Platform::runLater, new ModelDownload.Listener() {
            @Override
            public void progress(DownloadProgress p) {
                dialog.progress(p);
                if (p.totalBytes() > 0) {
                    status.download("downloading " + size.name() + " · " + DownloadText.percent(p), dialog.stage()::toFront);
                }
            }

            @Override
            public void done(Path snapshot) {
                endDownload();
                if (stopped) {
                    return;
                }
                if (gpt2Bar != null && context.catalog().anyGpt2OnDisk()) {
                    removeGpt2Bar();
                }
                loadModel(size.name(), true);
            }

            @Override
            public void failed(String message) {
                endDownload();
                if (!stopped) {
                    documents.error("Cannot download " + label, message);
                }
            }

            @Override
            public void cancelled() {
                endDownload();
                if (!stopped) {
                    status.state("download of " + size.name() + " cancelled; it continues where it stopped next time");
                }
            }
        });
        dialog.show();
        status.download("downloading " + size.name() + "…", dialog.stage()::toFront);
        if (gpt2Bar != null) {
            gpt2Bar.downloading(true);
        }
        updateModelMenu();
    }

    private void endDownload() {
        download = null;
        downloading = null;
        status.download(null, null);
        if (downloadDialog != null) {
            downloadDialog.close();
            downloadDialog = null;
        }
        if (gpt2Bar != null) {
            gpt2Bar.downloading(false);
        }
        if (!stopped) {
            updateModelMenu();
        }
    }

    /** The first-start bar, while no GPT-2 size is on disk and it was not closed for good. */
    private void offerGpt2() {
        if (context.catalog().anyGpt2OnDisk() || context.settings().gpt2BarDismissed()) {
            return;
        }
        org.writeahead.engine.ModelCatalog.Size gpt2 = org.writeahead.engine.ModelCatalog.size("gpt2").orElseThrow();
        // "≈550 MB": the catalog's estimate, to the nearest 10 MB.
        String size = "≈" + Math.round(gpt2.downloadBytes() / 1e7) * 10 + " MB";
        gpt2Bar = new Gpt2Bar(size, () -> offerDownload(gpt2, false), this::dismissGpt2Bar);
        top.getChildren().add(gpt2Bar.node());
    }

    private void dismissGpt2Bar() {
        removeGpt2Bar();
        try {
            context.settings().dismissGpt2Bar();
        } catch (IOException e) {
            status.state("settings not saved: " + e.getMessage());
        }
    }

    private void removeGpt2Bar() {
        if (gpt2Bar != null) {
            top.getChildren().remove(gpt2Bar.node());
            gpt2Bar = null;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return m.lines().findFirst().orElse(m);
    }

    private static String stylesheet() {
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

        updateModelMenu();

        MenuItem settingsItem = item("Settings…", "Shortcut+Comma", this::openSettings);
        Menu settingsMenu = new Menu("Settings", null, settingsItem);

        CheckMenuItem marks = new CheckMenuItem("Mark the model's text");
        marks.setSelected(settings.showMarks());
        marks.setOnAction(e -> {
            settings = settings.withShowMarks(marks.isSelected());
            saveSettings();
            applyView();
        });
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(settings.darkTheme());
        dark.setOnAction(e -> {
            settings = settings.withDarkTheme(dark.isSelected());
            saveSettings();
            applyView();
        });
        Menu view = new Menu("View", null, marks, dark);

        Menu help = new Menu("Help", null, item("Keys", null, this::showKeys), item("About WriteAhead", null, this::showAbout));
        return new MenuBar(file, edit, modelMenu, settingsMenu, view, help);
    }

    private void updateModelMenu() {
        ToggleGroup group = new ToggleGroup();
        modelMenu.getItems().clear();
        String selected = serving != null ? serving : settings.model();
        boolean custom = true;
        for (ModelCatalog.Entry entry : ModelCatalog.KNOWN) {
            boolean onDisk = context.catalog().find(entry).isPresent();
            Optional<org.writeahead.engine.ModelCatalog.Size> size = org.writeahead.engine.ModelCatalog.size(entry.name());
            custom &= !entry.name().equals(selected);
            if (!onDisk && size.isPresent()) {
                boolean running = entry.name().equals(downloading);
                MenuItem item = new MenuItem(entry.label() + (running ? " — downloading…"
                        : " — download " + MemoryFit.gigabytes(size.get().downloadBytes()) + "…"));
                item.setDisable(running);
                item.setOnAction(e -> chooseModel(entry.name()));
                modelMenu.getItems().add(item);
                continue;
            }
            RadioMenuItem item = new RadioMenuItem(entry.label() + (onDisk ? "" : " — not on disk"));
            item.setToggleGroup(group);
            item.setDisable(!onDisk);
            item.setSelected(entry.name().equals(selected));
            item.setOnAction(e -> chooseModel(entry.name()));
            modelMenu.getItems().add(item);
        }
        List<org.writeahead.engine.ModelCatalog.Entry> others = context.catalog().others();
        if (!others.isEmpty()) {
            modelMenu.getItems().add(new SeparatorMenuItem());
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
            item.setOnAction(e -> loadModel(name, true));
            modelMenu.getItems().add(item);
        }
        if (custom) {
            RadioMenuItem folder = new RadioMenuItem(ModelCatalog.label(selected) + " (folder)");
            folder.setMnemonicParsing(false);
            folder.setToggleGroup(group);
            folder.setSelected(true);
            modelMenu.getItems().add(folder);
        }
        MenuItem openFolder = item("Open model folder…", null, this::openModelFolder);
        modelMenu.getItems().addAll(new SeparatorMenuItem(), openFolder);
    }

    private void openModelFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a GPT-2 model folder (config.json, tokenizer.json, model.safetensors)");
        File chosen = chooser.showDialog(stage);
        if (chosen != null) {
            loadModel(chosen.toPath().toAbsolutePath().toString(), true);
        }
    }

    private void openSettings() {
        suggestions.close();
        Settings before = settings;
        new SettingsDialog(stage, settings).showAndWait().ifPresent(s -> {
            applySettings(s);
            if (s.device() != before.device()) {
                loadModel(settings.model(), true);
            }
        });
    }

    /** New settings from the dialog: used from the next TAB on, and saved. */
    void applySettings(Settings s) {
        settings = s;
        saveSettings();
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

    private void saveSettings() {
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
        if (download != null) {
            // The partial file stays in the cache: the next download continues from it.
            download.cancel();
        }
        if (downloadDialog != null) {
            downloadDialog.close();
            downloadDialog = null;
        }
        checks.shutdownNow();
        suggestions.shutdown();
        autosaver.stop(keepAutosave);
        models.close();
    }

    private Documents documents() {
        return documents;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
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

    Menu modelMenu() {
        return modelMenu;
    }

    Gpt2Bar gpt2Bar() {
        return gpt2Bar;
    }

    DownloadDialog downloadDialog() {
        return downloadDialog;
    }

    ModelDownload download() {
        return download;
    }

    String serving() {
        return serving;
    }

    Suggester currentModel() {
        return models.current();
    }
}
