package org.writeahead.suggest;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.engine.MemoryFit;

/**
 * The model the editor uses, loaded on a background thread. While a new one loads the old one
 * keeps serving, and is closed (its memory released) once the new one took over; a folder that
 * fails to load, or that the memory check refuses before anything is loaded, leaves the old one
 * in place. Listener calls arrive on the UI executor; {@link #load} is called from it.
 */
public final class ModelService implements AutoCloseable {

    public interface Listener {
        /** {@code fit} is the memory check's answer (a warning when it is TIGHT), or null when there was none. */
        void onLoaded(Suggester suggester, MemoryFit.Check fit);

        void onFailed(String name, String message);

        /** The memory check refused the model before it was loaded; nothing changed. */
        default void onRefused(String name, MemoryFit.Check fit) {
            onFailed(name, fit.message());
        }
    }

    /** Asked on the loader thread before loading: the memory check for the folder, or null for none. */
    @FunctionalInterface
    public interface Gate {
        MemoryFit.Check check(Path folder);

        Gate NONE = folder -> null;
    }

    private final Suggester.Factory factory;
    private final Executor ui;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-model-loader");
        t.setDaemon(true);
        return t;
    });
    private volatile Suggester current;
    private long generation;
    private boolean loading;

    public ModelService(Suggester.Factory factory, Executor ui) {
        this.factory = factory;
        this.ui = ui;
    }

    /** The model that serves now, or null before the first one is loaded. */
    public Suggester current() {
        return current;
    }

    public boolean isLoading() {
        return loading;
    }

    public void load(String name, Path folder, DeviceChoice device, Listener listener) {
        load(name, folder, device, Gate.NONE, listener);
    }

    /** Loads {@code folder} unless {@code gate} refuses it (then {@link Listener#onRefused}). */
    public void load(String name, Path folder, DeviceChoice device, Gate gate, Listener listener) {
        long mine = ++generation;
        loading = true;
        loader.execute(() -> {
            Suggester loaded;
            MemoryFit.Check fit;
            try {
                fit = gate.check(folder);
                if (fit != null && fit.refused()) {
                    MemoryFit.Check refused = fit;
                    ui.execute(() -> {
                        if (mine == generation) {
                            loading = false;
                            listener.onRefused(name, refused);
                        }
                    });
                    return;
                }
                loaded = factory.load(folder, device);
            } catch (Throwable e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    if (mine == generation) {
                        loading = false;
                        listener.onFailed(name, why);
                    }
                });
                return;
            }
            ui.execute(() -> {
                if (mine != generation) {
                    closeLater(loaded);
                    return;
                }
                loading = false;
                Suggester old = current;
                current = loaded;
                listener.onLoaded(loaded, fit);
                if (old != null) {
                    closeLater(old);
                }
            });
        });
    }

    /** The engine's lock makes close wait for a request still running on the old model. */
    private void closeLater(Suggester suggester) {
        loader.execute(suggester::close);
    }

    @Override
    public void close() {
        Suggester s = current;
        current = null;
        if (s != null) {
            loader.execute(s::close);
        }
        loader.shutdown();
    }
}
