package org.writeahead.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionListener;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.Suggestion;
import org.writeahead.engine.Timing;
import org.writeahead.suggest.Suggester;

/**
 * A fast, deterministic stand-in for the model. Row r's k-th token is " rRwK" (no space after a
 * prompt that ends in whitespace, as token healing would do). A prompt that already ends in such
 * words is continued: after "... r1w2" comes " r1w3".
 */
public final class StubSuggester implements Suggester {

    private static final Pattern LAST = Pattern.compile("r(\\d+)w(\\d+)\\s*$");

    public volatile long tokenDelayMillis;
    public final List<CompletionRequest> requests = new CopyOnWriteArrayList<>();
    public final AtomicInteger cancelled = new AtomicInteger();
    public final AtomicInteger finished = new AtomicInteger();
    public volatile boolean closed;
    /** The texts {@link #prepare} was called with, and on which threads. */
    public final List<String> prepared = new CopyOnWriteArrayList<>();
    public final List<String> prepareThreads = new CopyOnWriteArrayList<>();

    @Override
    public void prepare(String textBefore) {
        prepared.add(textBefore);
        prepareThreads.add(Thread.currentThread().getName());
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener, Cancellation cancellation) {
        requests.add(request);
        String prompt = request.text();
        Matcher m = LAST.matcher(prompt);
        int fixedRow = -1;
        int startWord = 0;
        if (m.find()) {
            fixedRow = Integer.parseInt(m.group(1));
            startWord = Integer.parseInt(m.group(2)) + 1;
        }
        boolean noSpace = prompt.isEmpty() || Character.isWhitespace(prompt.charAt(prompt.length() - 1));
        List<StringBuilder> rows = new ArrayList<>();
        for (int r = 0; r < request.count(); r++) {
            rows.add(new StringBuilder());
        }
        boolean wasCancelled = false;
        for (int step = 0; step < request.maxTokens(); step++) {
            if (step > 0 && cancellation.isCancelled()) {
                wasCancelled = true;
                break;
            }
            if (tokenDelayMillis > 0) {
                try {
                    Thread.sleep(tokenDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (int r = 0; r < request.count(); r++) {
                int row = fixedRow >= 0 ? fixedRow : r;
                StringBuilder sb = rows.get(r);
                sb.append(step == 0 && noSpace ? "" : " ").append("r").append(row).append("w").append(startWord + step);
                listener.onText(r, sb.toString());
            }
        }
        if (wasCancelled) {
            cancelled.incrementAndGet();
        } else {
            finished.incrementAndGet();
        }
        List<Suggestion> out = new ArrayList<>();
        for (StringBuilder sb : rows) {
            out.add(new Suggestion(sb.toString(), new int[0]));
        }
        return new Completion(out, 0, new Timing(0, 0, 0, 0, 0), wasCancelled, false);
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public String deviceNotice() {
        return null;
    }

    @Override
    public long parameterCount() {
        return 1234;
    }

    @Override
    public void close() {
        closed = true;
    }
}
