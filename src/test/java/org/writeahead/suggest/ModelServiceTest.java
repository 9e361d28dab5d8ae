package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.testing.StubSuggester;

/** Loading in the background: the old model serves until the new one is in, then it is closed; a refusal changes nothing. */
class ModelServiceTest {

    final List<Path> loads = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();

    ModelService.Listener listener() {
        return new ModelService.Listener() {
            @Override
            public void onLoaded(Suggester suggester, MemoryFit.Check fit) {
                heard.add("loaded " + (fit == null ? "unchecked" : fit.verdict()));
            }

            @Override
            public void onFailed(String name, String message) {
                heard.add("failed " + message);
            }

            @Override
            public void onRefused(String name, MemoryFit.Check fit) {
                heard.add("refused " + fit.largestThatFits());
            }
        };
    }

    @Test
    void aRefusedModelIsNeverLoadedAndTheCurrentOneStays() throws Exception {
        StubSuggester first = new StubSuggester();
        StubSuggester second = new StubSuggester();
        List<StubSuggester> next = new CopyOnWriteArrayList<>(List.of(first, second));
        try (ModelService service = new ModelService((folder, device) -> {
            loads.add(folder);
            return next.remove(0);
        }, Runnable::run)) {
            service.load("a", Path.of("a"), DeviceChoice.CPU, listener());
            assertEquals("loaded unchecked", heard.poll(10, TimeUnit.SECONDS));
            assertSame(first, service.current());

            ModelCatalog.Size xl = ModelCatalog.size("gpt2-xl").orElseThrow();
            MemoryGate small = new MemoryGate(() -> MemoryFit.Available.of(3_000_000_000L));
            service.load("xl", Path.of("xl"), DeviceChoice.CPU, folder -> small.check("gpt2-xl", xl.config(), 3), listener());
            assertEquals("refused gpt2", heard.poll(10, TimeUnit.SECONDS));
            assertSame(first, service.current());
            assertFalse(first.closed);
            assertEquals(List.of(Path.of("a")), loads);

            MemoryGate plenty = new MemoryGate(() -> MemoryFit.Available.of(1L << 40));
            service.load("b", Path.of("b"), DeviceChoice.CPU, folder -> plenty.check("gpt2", ModelCatalog.size("gpt2").orElseThrow().config(), 3),
                    listener());
            assertEquals("loaded FITS", heard.poll(10, TimeUnit.SECONDS));
            assertSame(second, service.current());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!first.closed && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(first.closed, "the old model is closed once the new one serves");
            assertFalse(second.closed);
        }
    }
}
