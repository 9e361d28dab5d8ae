package org.writeahead.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.writeahead.engine.MemoryFit;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.HubSettings;
import org.writeahead.settings.Settings;
import org.writeahead.suggest.DownloadText;
import org.writeahead.suggest.MemoryGate;
import org.writeahead.suggest.ModelCatalog;
import org.writeahead.suggest.ModelDownload;

/**
 * Downloading a GPT-2 size for the {@link ModelSwitcher}: the memory check before anything is
 * fetched, the question, the download with its window and status-bar line, and the first-start
 * bar that offers GPT-2. One download at a time; the window's end stops it.
 */
final class ModelDownloads {

    private final Stage stage;
    private final EditorContext context;
    private final StatusBar status;
    private final Supplier<Settings> settings;
    private final MemoryGate memory;
    /** Where the first-start bar goes, under the menus. */
    private final VBox top;
    /** An error dialog: a header and a message. */
    private final BiConsumer<String, String> error;
    /** A size came: switch to it (by its catalog name). */
    private final Consumer<String> downloaded;
    /** A download started or ended: the Model menu says so. */
    private final Runnable changed;
    /** The memory probe reads /proc: off the UI thread. */
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-memory-check");
        t.setDaemon(true);
        return t;
    });
    private String lastNote; // the outcome note this class last put in the status bar
    private Gpt2Bar gpt2Bar;
    private ModelDownload download;
    private String downloading;
    private DownloadDialog downloadDialog;
    private boolean stopped;

    ModelDownloads(Stage stage, EditorContext context, StatusBar status, Supplier<Settings> settings, MemoryGate memory, VBox top,
            BiConsumer<String, String> error, Consumer<String> downloaded, Runnable changed) {
        this.stage = stage;
        this.context = context;
        this.status = status;
        this.settings = settings;
        this.memory = memory;
        this.top = top;
        this.error = error;
        this.downloaded = downloaded;
        this.changed = changed;
    }

    /** The catalog name of the size being downloaded; null when none is. */
    String running() {
        return downloading;
    }

    /** Checks that the size would fit in memory (off the UI thread), then asks (if {@code ask}) and downloads it. */
    void offer(org.writeahead.engine.ModelCatalog.Size size, boolean ask) {
        String label = ModelCatalog.label(size.name());
        if (stopped) {
            return;
        }
        if (download != null) {
            if (downloadDialog != null) {
                downloadDialog.bringBack();
            }
            status.state("a download is running already (" + ModelCatalog.label(downloading) + ")");
            return;
        }
        HubSettings hub;
        try {
            hub = context.hub().get();
        } catch (RuntimeException e) {
            error.accept("Cannot download " + label, oneLine(e));
            return;
        }
        if (hub.offline()) {
            error.accept("Cannot download " + label, "HF_HUB_OFFLINE is set, so WriteAhead does not connect: unset it to download "
                    + size.name() + "; the current model stays");
            return;
        }
        int rows = settings.get().suggestions();
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
                    error.accept(label + " does not fit in this machine's memory", checked.message() + "; nothing was downloaded");
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
                }, EditorWindow.stylesheet(), settings.get().darkTheme());
        downloadDialog = dialog;
        download = ModelDownload.start(new HubDownloader(hub), size.repoId(), Platform::runLater, new ModelDownload.Listener() {
            @Override
            public void progress(DownloadProgress p) {
                dialog.progress(p);
                if (p.totalBytes() > 0) {
                    status.download("downloading " + size.name() + " · " + DownloadText.percent(p), dialog::bringBack);
                }
            }

            @Override
            public void done(Path snapshot) {
                endDownload();
                if (stopped) {
                    return;
                }
                dropBarIfGpt2OnDisk();
                downloaded.accept(size.name());
            }

            @Override
            public void failed(String message) {
                endDownload();
                if (!stopped) {
                    // The dialog goes when it is read; the status bar keeps the gist until the next download.
                    note("download of " + size.name() + " failed; see Model ▸ " + label + " to try again");
                    error.accept("Cannot download " + label, message);
                }
            }

            @Override
            public void cancelled() {
                endDownload();
                if (!stopped) {
                    note("download of " + size.name() + " cancelled; it continues where it stopped next time");
                }
            }
        });
        dialog.show();
        status.download("downloading " + size.name() + "…", dialog::bringBack);
        if (lastNote != null && lastNote.equals(status.stateText())) {
            status.state("ready"); // the last download's "cancelled" or "failed" is old news now
        }
        lastNote = null;
        if (gpt2Bar != null) {
            gpt2Bar.downloading(true);
        }
        changed.run();
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
            changed.run();
        }
    }

    /** The first-start bar, while no GPT-2 size is on disk and it was not closed for good. */
    void offerGpt2() {
        if (context.catalog().anyGpt2OnDisk() || context.settings().gpt2BarDismissed()) {
            return;
        }
        org.writeahead.engine.ModelCatalog.Size gpt2 = org.writeahead.engine.ModelCatalog.size("gpt2").orElseThrow();
        // "≈550 MB": the catalog's estimate, to the nearest 10 MB.
        String size = "≈" + Math.round(gpt2.downloadBytes() / 1e7) * 10 + " MB";
        gpt2Bar = new Gpt2Bar(size, () -> offer(gpt2, false), this::dismissGpt2Bar);
        top.getChildren().add(gpt2Bar.node());
    }

    /** GPT-2 may have come from elsewhere (the command line, Python): then the bar has said its piece. */
    void dropBarIfGpt2OnDisk() {
        if (gpt2Bar != null && context.catalog().anyGpt2OnDisk()) {
            removeGpt2Bar();
        }
    }

    private void dismissGpt2Bar() {
        removeGpt2Bar();
        try {
            context.settings().dismissGpt2Bar();
        } catch (IOException e) {
            status.state("settings not saved: " + e.getMessage());
        }
    }

    /** A download's outcome in the status bar, remembered so that the next download can clear it. */
    private void note(String text) {
        lastNote = text;
        status.state(text);
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

    /** The window went: a running download stops (the partial file stays in the cache: the next download continues from it). */
    void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (download != null) {
            download.cancel();
        }
        if (downloadDialog != null) {
            downloadDialog.close();
            downloadDialog = null;
        }
        checks.shutdownNow();
    }

    // For tests.
    Gpt2Bar gpt2Bar() {
        return gpt2Bar;
    }

    DownloadDialog dialog() {
        return downloadDialog;
    }

    ModelDownload download() {
        return download;
    }
}
