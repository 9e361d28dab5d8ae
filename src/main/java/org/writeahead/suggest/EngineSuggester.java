package org.writeahead.suggest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.CompletionListener;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;

/** The engine behind the editor: a loaded GPT-2 folder. */
public final class EngineSuggester implements Suggester {

    private final CompletionEngine engine;
    private String lastText; // the text the latest completion continued; only the worker thread calls in

    private EngineSuggester(CompletionEngine engine) {
        this.engine = engine;
    }

    public static EngineSuggester load(Path folder, DeviceChoice device) throws Exception {
        return new EngineSuggester(CompletionEngine.load(folder, device));
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener, Cancellation cancellation) {
        lastText = request.text();
        return engine.complete(request, listener, cancellation);
    }

    /** Called on the editor's prepare thread; touches only the engine, which has its own lock. */
    @Override
    public void prepare(String textBefore) {
        engine.prepare(textBefore);
    }

    @Override
    public Optional<List<String>> extend(String before, List<String> bases, int moreTokens, CompletionListener listener,
            Cancellation cancellation) {
        List<String> rows = engine.rowTexts();
        if (!before.equals(lastText) || rows.isEmpty()) {
            return Optional.empty();
        }
        // The list shows merged rows; find the engine row behind each.
        int[] rowOfBase = new int[bases.size()];
        boolean[] used = new boolean[rows.size()];
        for (int b = 0; b < bases.size(); b++) {
            rowOfBase[b] = -1;
            for (int r = 0; r < rows.size() && rowOfBase[b] < 0; r++) {
                if (!used[r] && rows.get(r).equals(bases.get(b))) {
                    rowOfBase[b] = r;
                    used[r] = true;
                }
            }
            if (rowOfBase[b] < 0) {
                return Optional.empty();
            }
        }
        engine.extend(rows, moreTokens, (row, text) -> {
            for (int b = 0; b < bases.size(); b++) {
                if (rowOfBase[b] == row) {
                    listener.onText(b, added(text, bases.get(b)));
                }
            }
        }, cancellation);
        List<String> after = engine.rowTexts();
        List<String> out = new ArrayList<>(bases.size());
        for (int b = 0; b < bases.size(); b++) {
            out.add(added(after.get(rowOfBase[b]), bases.get(b)));
        }
        return Optional.of(out);
    }

    private static String added(String whole, String base) {
        return whole.startsWith(base) ? whole.substring(base.length()) : "";
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
