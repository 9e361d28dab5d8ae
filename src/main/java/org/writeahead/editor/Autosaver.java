package org.writeahead.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.writeahead.document.AutosaveStore;

/**
 * Every few seconds, unsaved changes go to this window's autosave slot (the text is copied on the
 * FX thread, written on a background thread); once the document is saved the slot is removed.
 */
final class Autosaver {

    private final StyleClassedTextArea area;
    private final AutosaveStore store;
    private final Supplier<Path> file;
    private final BooleanSupplier modified;
    private final String id = AutosaveStore.newId();
    private final Timeline timer;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-autosave");
        t.setDaemon(true);
        return t;
    });
    private long version;
    private volatile long writtenVersion = -1;
    private boolean slotOnDisk;

    Autosaver(StyleClassedTextArea area, AutosaveStore store, Supplier<Path> file, BooleanSupplier modified, Duration every) {
        this.area = area;
        this.store = store;
        this.file = file;
        this.modified = modified;
        area.plainTextChanges().subscribe(c -> version++);
        timer = new Timeline(new KeyFrame(javafx.util.Duration.millis(every.toMillis()), e -> tick()));
        timer.setCycleCount(Animation.INDEFINITE);
    }

    void start() {
        timer.play();
    }

    String id() {
        return id;
    }

    /** Writes the slot now if there is something unsaved and new; removes it once the document is saved. */
    void tick() {
        if (!modified.getAsBoolean()) {
            if (slotOnDisk) {
                slotOnDisk = false;
                writtenVersion = -1;
                io.execute(this::discardQuietly);
            }
            return;
        }
        if (version == writtenVersion && slotOnDisk) {
            return;
        }
        String text = area.getText();
        Path path = file.get();
        writtenVersion = version;
        slotOnDisk = true;
        io.execute(() -> {
            try {
                store.write(id, text, path);
            } catch (IOException e) {
                // Tried again at the next tick (the version no longer matches).
                writtenVersion = -1;
            }
        });
    }

    /** Writes the slot now and waits for it (used before a recovered leftover is removed). */
    void writeNow() throws IOException {
        String text = area.getText();
        Path path = file.get();
        try {
            io.submit(() -> {
                store.write(id, text, path);
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while autosaving");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        writtenVersion = version;
        slotOnDisk = true;
    }

    /** The window closes: a saved or abandoned document leaves no slot; waits for the last write. */
    void stop(boolean keepSlot) {
        timer.stop();
        if (!keepSlot) {
            io.execute(this::discardQuietly);
        }
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void discardQuietly() {
        try {
            store.discard(id);
        } catch (IOException e) {
            // A slot left behind is offered at the next start; nothing is lost.
        }
    }
}
