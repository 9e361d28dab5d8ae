package org.writeahead.model.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the numbered tasks of one kernel call on all cores: the caller works too, tasks are handed
 * out one at a time (so uneven cores still finish together), and the call returns when all are
 * done.
 *
 * <p>A decode step makes about 60 such calls, each a fraction of a millisecond, so handing work
 * over must cost microseconds: the workers are kept, and after a call they spin for a short while
 * ({@link #SPIN_NANOS}) watching for the next before they park. A thread pool's queue and wake-up
 * cost tens of microseconds a call (about 3 ms a step).
 */
final class WorkSplitter implements AutoCloseable {

    /** How long an idle worker spins before parking: longer than the gap between two calls of a step. */
    private static final long SPIN_NANOS = 200_000;

    /** One call's tasks. */
    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        /**
         * Workers inside {@link #drain}. A worker counts itself in before it takes a task, so once
         * the caller has seen the tasks run out and this at 0, no task is still running; a late
         * worker finds none left. The caller never waits for a worker that is slow to wake.
         */
        final AtomicInteger helping = new AtomicInteger();
        volatile Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void drain() {
            try {
                for (int i = next.getAndIncrement(); i < tasks && failure == null; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }
    }

    private final int threads;
    private final Thread[] workers;
    private volatile Job job; // written before generation is raised
    private volatile long generation;
    private volatile boolean closed;

    WorkSplitter(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Thread[this.threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(this::work, "writeahead-decode-" + (w + 1));
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    int threads() {
        return threads;
    }

    /** Calls {@code task} once for each of 0 .. tasks-1, spread over the threads. */
    void forEach(int tasks, IntConsumer task) {
        if (workers.length == 0 || tasks == 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        Job current = new Job(tasks, task);
        job = current;
        generation++; // only the caller thread writes it (one call at a time)
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        current.drain();
        // The workers write the caller's arrays: never return before they are done.
        while (current.helping.get() > 0) {
            Thread.onSpinWait();
        }
        Throwable t = current.failure;
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

    private void work() {
        long seen = 0;
        while (!closed) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            Job current = job;
            current.helping.incrementAndGet();
            current.drain();
            current.helping.decrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
