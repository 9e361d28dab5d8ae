package org.writeahead.suggest;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.writeahead.engine.DeviceChoice;

/**
 * The model the editor uses, loaded on a background thread. While a new one loads the old one
 * keeps serving; a folder that fails to load leaves the old one in place. Listener calls arrive
 * on the UI executor; {@link #load} is called from it.
 */
public final class ModelService implements AutoCloseable {

    public interface Listener {
        void onLoaded(Suggester suggester);

        void onFailed(String name, String message);
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
        long mine = ++generation;
        loading = true;
        loader.execute(() -> {
            Suggester loaded;
            try {
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
                listener.onLoaded(loaded);
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
