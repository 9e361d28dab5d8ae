package org.writeahead.model.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the numbered tasks of one kernel call on all cores: the caller works too, tasks are handed
 * out one at a time (so uneven cores still finish together), and the call returns when all are
 * done. A decode step makes about 60 such calls, so the workers are kept, not made per call.
 */
final class WorkSplitter implements AutoCloseable {

    private final int threads;
    private final ExecutorService workers;

    WorkSplitter(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, runnable -> {
            Thread t = new Thread(runnable, "writeahead-decode");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Calls {@code task} once for each of 0 .. tasks-1, spread over the threads. */
    void forEach(int tasks, IntConsumer task) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(helpers);
        Runnable drain = () -> {
            try {
                for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        for (int h = 0; h < helpers; h++) {
            workers.execute(() -> {
                try {
                    drain.run();
                } finally {
                    done.countDown();
                }
            });
        }
        drain.run();
        awaitUninterruptibly(done); // the workers write the caller's arrays: never leave before they finish
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
