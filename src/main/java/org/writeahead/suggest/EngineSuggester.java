package org.writeahead.suggest;

import java.nio.file.Path;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.CompletionListener;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;

/** The engine behind the editor: a loaded GPT-2 folder. */
public final class EngineSuggester implements Suggester {

    private final CompletionEngine engine;

    private EngineSuggester(CompletionEngine engine) {
        this.engine = engine;
    }

    public static EngineSuggester load(Path folder, DeviceChoice device) throws Exception {
        return new EngineSuggester(CompletionEngine.load(folder, device));
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener, Cancellation cancellation) {
        return engine.complete(request, listener, cancellation);
    }

    @Override
    public String name() {
        Path name = engine.folder().toAbsolutePath().normalize().getFileName();
        return name == null ? engine.folder().toString() : name.toString();
    }

    @Override
    public String device() {
        return engine.deviceName();
    }

    @Override
    public String deviceNotice() {
        return engine.deviceNotice();
    }

    @Override
    public long parameterCount() {
        return engine.config().parameterCount();
    }

    @Override
    public void close() {
        engine.close();
    }
}
