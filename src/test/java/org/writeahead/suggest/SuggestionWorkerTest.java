package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.writeahead.settings.Settings;
import org.writeahead.testing.StubSuggester;

class SuggestionWorkerTest {

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    private SuggestionWorker.Callbacks recording(CountDownLatch done) {
        return new SuggestionWorker.Callbacks() {
            @Override
            public void onText(long epoch, int row, String text, double rate) {
                events.add(epoch + ":" + row + ":" + text);
            }

            @Override
            public void onDone(long epoch, List<String> texts, double rate) {
                events.add(epoch + ":done:" + texts);
                done.countDown();
            }

            @Override
            public void onFailed(long epoch, String message) {
                events.add(epoch + ":failed:" + message);
                done.countDown();
            }
        };
    }

    @Test
    void freshRequestStreamsEveryRowAndEndsWithTheTexts() throws InterruptedException {
        StubSuggester stub = new StubSuggester();
        Settings settings = new Settings(2, 2, 1, 0, 0.9, 1, 0, false, org.writeahead.engine.DeviceChoice.CPU, "x", true, false);
        CountDownLatch done = new CountDownLatch(1);
        try (SuggestionWorker worker = new SuggestionWorker(Runnable::run)) {
            worker.submit(stub, new SuggestionSession.Request(7, "Hello", List.of("", ""), 2, false), settings, recording(done));
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("7:0: r0w0", "7:1: r1w0", "7:0: r0w0 r0w1", "7:1: r1w0 r1w1", "7:done:[ r0w0 r0w1,  r1w0 r1w1]"), List.copyOf(events));
        assertEquals(2, stub.requests.get(0).count());
        assertEquals(2, stub.requests.get(0).maxTokens());
    }

    @Test
    void continuationAsksOncePerRowWithTheRowAppendedToThePrompt() throws InterruptedException {
        StubSuggester stub = new StubSuggester();
        Settings settings = new Settings(2, 1, 1, 0, 0.9, 1, 0, false, org.writeahead.engine.DeviceChoice.CPU, "x", true, false);
        CountDownLatch done = new CountDownLatch(1);
        try (SuggestionWorker worker = new SuggestionWorker(Runnable::run)) {
            worker.submit(stub, new SuggestionSession.Request(3, "Hi", List.of(" r0w0", " r1w0"), 2, true), settings, recording(done));
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
        assertEquals("Hi r0w0", stub.requests.get(0).text());
        assertEquals("Hi r1w0", stub.requests.get(1).text());
        assertEquals(1, stub.requests.get(0).count());
        assertEquals(List.of("3:0: r0w1", "3:1: r1w1", "3:done:[ r0w1,  r1w1]"), List.copyOf(events));
    }

    @Test
    void aNewRequestCancelsTheRunningOneWithinAStep() throws InterruptedException {
        StubSuggester stub = new StubSuggester();
        stub.tokenDelayMillis = 20;
        Settings settings = new Settings(1, 200, 1, 0, 0.9, 1, 0, false, org.writeahead.engine.DeviceChoice.CPU, "x", true, false);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        long start = System.nanoTime();
        try (SuggestionWorker worker = new SuggestionWorker(Runnable::run)) {
            worker.submit(stub, new SuggestionSession.Request(1, "a", List.of(""), 1, false), settings, recording(first));
            Thread.sleep(100);
            Settings shorter = new Settings(1, 2, 1, 0, 0.9, 1, 0, false, org.writeahead.engine.DeviceChoice.CPU, "x", true, false);
            worker.submit(stub, new SuggestionSession.Request(2, "a", List.of(""), 1, false), shorter, recording(second));
            assertTrue(second.await(5, TimeUnit.SECONDS));
        }
        // 200 tokens at 20 ms would take 4 s; the cancelled request stopped and never reported done.
        assertTrue((System.nanoTime() - start) / 1e9 < 2.0);
        assertEquals(1, stub.cancelled.get());
        assertTrue(events.stream().noneMatch(e -> e.startsWith("1:done")));
        assertTrue(events.contains("2:done:[ r0w0 r0w1]"));
    }

    @Test
    void aFailingModelIsReportedNotThrown() throws InterruptedException {
        StubSuggester stub = new StubSuggester();
        CountDownLatch done = new CountDownLatch(1);
        Settings settings = Settings.defaults();
        try (SuggestionWorker worker = new SuggestionWorker(Runnable::run)) {
            // 17 rows is beyond what the engine accepts: CompletionRequest refuses it.
            worker.submit(stub, new SuggestionSession.Request(5, "a", List.of(), 17, false), settings, recording(done));
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
        assertTrue(events.peek().startsWith("5:failed:the number of suggestions must be between 1 and 16"), events.peek());
    }
}
