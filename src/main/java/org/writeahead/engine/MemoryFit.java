package org.writeahead.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.writeahead.model.Gpt2Config;

/**
 * Will a model fit in memory? Answered before loading, so that choosing gpt2-xl on a small
 * machine gives a message instead of taking the process down.
 *
 * <p>What a loaded GPT-2 holds: its parameters as float32 (4 bytes each: float32 files are
 * memory-mapped and become resident as they are used; float16/bfloat16 ones are widened into
 * direct buffers), the KV cache for a full context for the prompt and each suggestion row, the
 * activations of one full-context prefill, and a fixed overhead for the JVM, PyTorch's native
 * runtime and the tokenizer (measured: about 0.7 GB beyond the weights on gpt2-small).
 *
 * <p>What is available: on Linux, {@code MemAvailable} from {@code /proc/meminfo}, lowered to the
 * cgroup's limit minus its usage when the process runs in a container; elsewhere, the free and
 * total physical memory the JVM reports. A UI calls {@link #probe()} and {@link #check} on a
 * background thread (they read a few small files) and shows {@link Check#message()}.
 */
public final class MemoryFit {

    /** The JVM, libtorch, the tokenizer and their working memory, beyond what scales with the model. */
    static final long OVERHEAD_BYTES = 700L << 20;
    /** Above this share of the available memory a model fits, but only just: warn. */
    static final double TIGHT_SHARE = 0.85;

    private MemoryFit() {}

    /** Bytes a model needs, by part. */
    public record Estimate(long weights, long kvCache, long activations, long overhead) {
        public long total() {
            return weights + kvCache + activations + overhead;
        }
    }

    /**
     * Memory that can be used now ({@code available}) and the most there could ever be
     * ({@code limit}: physical memory or the container's limit); {@code source} says where the
     * figures came from, for messages.
     */
    public record Available(long available, long limit, String source) {
        public static Available of(long bytes) {
            return new Available(bytes, bytes, "given");
        }
    }

    public enum Verdict { FITS, TIGHT, TOO_BIG }

    /** The answer, with a message fit to show as it is (null when the model fits with room to spare). */
    public record Check(Verdict verdict, Estimate estimate, Available available, String largestThatFits, String message) {
        public boolean refused() {
            return verdict == Verdict.TOO_BIG;
        }
    }

    /** For a model of this shape generating {@code suggestions} rows over a full context. */
    public static Estimate estimate(Gpt2Config c, int suggestions) {
        long weights = c.parameterCount() * 4;
        long rows = Math.max(1, suggestions) + 1L; // the prompt's cache, then one per suggestion
        long kv = 2L * c.nLayer() * c.nPositions() * c.nEmbd() * 4 * rows;
        long t = c.nPositions();
        long activations = 4 * (2L * c.nHead() * t * t // attention scores and their softmax
                + 2L * t * c.nInner() // the MLP's hidden layer, before and after gelu
                + 8L * t * c.nEmbd() // residual stream, norms, q/k/v
                + 2L * rows * c.vocabSize()); // logits and their probabilities
        return new Estimate(weights, kv, activations, OVERHEAD_BYTES);
    }

    /**
     * Whether the estimate fits. Refused when it exceeds the memory available (or, where that
     * figure is unreliable, 90% of physical memory); a warning when it takes most of it.
     * {@code sizes} are the catalog's GPT-2 sizes, smallest first, to name the largest that fits.
     */
    public static Check check(String name, Estimate estimate, Available available, List<ModelCatalog.Size> sizes,
            int suggestions) {
        Verdict verdict = verdict(estimate.total(), available);
        String largest = null;
        for (ModelCatalog.Size s : sizes) {
            if (verdict(estimate(s.config(), suggestions).total(), available) != Verdict.TOO_BIG) {
                largest = s.name();
            }
        }
        String needs = name + " needs about " + gigabytes(estimate.total()) + " of memory (" + gigabytes(estimate.weights())
                + " of weights)";
        String message = switch (verdict) {
            case FITS -> null;
            case TIGHT -> needs + " and " + gigabytes(available.available()) + " is available (" + available.source()
                    + "): it fits, but little is left for anything else";
            case TOO_BIG -> needs + " but only " + gigabytes(available.available()) + " is available (" + available.source()
                    + "); " + (largest != null ? "the largest GPT-2 that fits is " + largest
                            : "none of the GPT-2 sizes fits; the bundled model is smaller");
        };
        return new Check(verdict, estimate, available, largest, message);
    }

    private static Verdict verdict(long needed, Available a) {
        if (needed > a.available()) {
            return Verdict.TOO_BIG;
        }
        return needed > TIGHT_SHARE * a.available() ? Verdict.TIGHT : Verdict.FITS;
    }

    /** The memory this process can use now; see the class comment. */
    public static Available probe() {
        long available = -1;
        long limit = -1;
        String source;
        long memAvailable = meminfo("MemAvailable:");
        long memTotal = meminfo("MemTotal:");
        if (memAvailable > 0) {
            available = memAvailable;
            limit = memTotal > 0 ? memTotal : memAvailable;
            source = "MemAvailable";
            long[] cgroup = cgroup();
            if (cgroup != null && cgroup[0] - cgroup[1] < available) {
                available = Math.max(0, cgroup[0] - cgroup[1]);
                limit = Math.min(limit, cgroup[0]);
                source = "container limit";
            }
        } else {
            // Not Linux: free memory leaves out caches the system would give back, so refuse
            // only above 90% of physical memory and warn above what is free.
            long total = -1;
            long free = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                total = os.getTotalMemorySize();
                free = os.getFreeMemorySize();
            }
            if (total <= 0) {
                return new Available(Long.MAX_VALUE, Long.MAX_VALUE, "unknown");
            }
            available = (long) (0.9 * total);
            limit = total;
            source = "90% of physical memory; " + gigabytes(Math.max(0, free)) + " free now";
        }
        return new Available(available, limit, source);
    }

    /** A value from /proc/meminfo in bytes, or -1. */
    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** {limit, usage} of this process's cgroup (v2, then v1), or null when there is no limit. */
    private static long[] cgroup() {
        long[] v2 = pair(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current"));
        return v2 != null ? v2 : pair(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
    }

    private static long[] pair(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).trim();
            if (limit.equals("max")) {
                return null;
            }
            long l = Long.parseLong(limit);
            if (l <= 0 || l >= (1L << 60)) {
                return null; // v1 writes a huge number for "no limit"
            }
            return new long[] {l, Long.parseLong(Files.readString(usageFile).trim())};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "1.2 GB" (decimal, as download sizes are usually shown). */
    public static String gigabytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unknown";
        }
        if (bytes < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%d MB", Math.round(bytes / 1e6));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
