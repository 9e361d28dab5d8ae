package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.hub.FakeHub;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.HubSettings;
import org.writeahead.hub.RepoId;
import org.writeahead.testing.Fixtures;

/** The editor's download task without a window: outcomes arrive on the UI executor, once. */
class ModelDownloadTest {

    static final RepoId GPT2 = RepoId.parse("openai-community/gpt2");

    @TempDir
    Path dir;
    FakeHub hub;
    /** Stands for the FX thread: one thread, in order. */
    final ExecutorService uiThread = Executors.newSingleThreadExecutor();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch outcome = new CountDownLatch(1);
    final Executor ui = r -> uiThread.execute(() -> {
        threads.add(Thread.currentThread());
        r.run();
    });

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub().serve(GPT2.toString(), Fixtures.TINY_GPT2, "expected.json");
    }

    @AfterEach
    void stop() {
        hub.close();
        uiThread.shutdownNow();
    }

    HubDownloader downloader(String endpoint) {
        return new HubDownloader(HubSettings.from(Map.of("HF_ENDPOINT", endpoint, "HF_HUB_CACHE", dir.resolve("hub").toString(),
                "HF_HOME", dir.resolve("hf-home").toString()), new Properties()), 1, Duration.ZERO);
    }

    ModelDownload.Listener listener() {
        return new ModelDownload.Listener() {
            @Override
            public void progress(DownloadProgress p) {
                events.add("progress " + p.phase());
            }

            @Override
            public void done(Path snapshot) {
                events.add("done " + dir.relativize(snapshot));
                outcome.countDown();
            }

            @Override
            public void failed(String message) {
                events.add("failed " + message);
                outcome.countDown();
            }

            @Override
            public void cancelled() {
                events.add("cancelled");
                outcome.countDown();
            }
        };
    }

    @Test
    void aDownloadEndsDoneOnTheUiExecutorAfterItsProgress() throws Exception {
        ModelDownload d = ModelDownload.start(downloader(hub.endpoint()), GPT2, ui, listener());
        assertTrue(outcome.await(30, TimeUnit.SECONDS));
        assertTrue(d.join(5000));
        String last = events.get(events.size() - 1);
        assertEquals("done hub/models--openai-community--gpt2/snapshots/" + FakeHub.COMMIT, last);
        assertTrue(events.contains("progress DOWNLOADING"), events.toString());
        assertEquals(1, events.stream().filter(e -> !e.startsWith("progress")).count(), "one outcome");
        Thread.sleep(100);
        assertTrue(d.isFinished());
        assertEquals(1, threads.stream().distinct().count(), "every call on the UI executor's thread");
        assertFalse(threads.contains(Thread.currentThread()));
    }

    @Test
    void cancelEndsCancelledAndAFailureIsOneLine() throws Exception {
        hub.throttle = 200_000;
        CountDownLatch downloading = new CountDownLatch(1);
        ModelDownload.Listener inner = listener();
        ModelDownload d = ModelDownload.start(downloader(hub.endpoint()), GPT2, ui, new ModelDownload.Listener() {
            @Override
            public void progress(DownloadProgress p) {
                if (p.phase() == DownloadProgress.Phase.DOWNLOADING && p.file().equals("model.safetensors")) {
                    downloading.countDown();
                }
            }

            @Override
            public void done(Path snapshot) {
                inner.done(snapshot);
            }

            @Override
            public void failed(String message) {
                inner.failed(message);
            }

            @Override
            public void cancelled() {
                inner.cancelled();
            }
        });
        assertTrue(downloading.await(30, TimeUnit.SECONDS));
        d.cancel();
        assertTrue(outcome.await(10, TimeUnit.SECONDS));
        assertTrue(d.join(5000));
        assertEquals(List.of("cancelled"), events);

        events.clear();
        CountDownLatch failed = new CountDownLatch(1);
        ModelDownload.start(downloader("http://127.0.0.1:9"), GPT2, ui, new ModelDownload.Listener() {
            @Override
            public void progress(DownloadProgress p) {}

            @Override
            public void done(Path snapshot) {}

            @Override
            public void failed(String message) {
                events.add(message);
                failed.countDown();
            }

            @Override
            public void cancelled() {}
        });
        assertTrue(failed.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("cannot connect to http://127.0.0.1:9 (connection refused); check the network, HF_ENDPOINT and the proxy settings,"
                + " or set HF_HUB_OFFLINE=1 to use only the cache"), events);
    }

    @Test
    void oneLineKeepsTheFirstLineOrNamesTheException() {
        assertEquals("first", ModelDownload.oneLine(new RuntimeException(" first\nsecond")));
        assertEquals("IllegalStateException", ModelDownload.oneLine(new IllegalStateException()));
    }
}
