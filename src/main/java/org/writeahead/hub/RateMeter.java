package org.writeahead.hub;

/** Bytes per second over the last few seconds, so that speed and time left follow the network. */
final class RateMeter {

    private static final int SLOTS = 32;
    private static final long WINDOW_NANOS = 5_000_000_000L;

    private final long[] times = new long[SLOTS];
    private final long[] bytes = new long[SLOTS];
    private int next;
    private int count;

    void sample(long nanos, long totalBytes) {
        times[next] = nanos;
        bytes[next] = totalBytes;
        next = (next + 1) % SLOTS;
        count = Math.min(SLOTS, count + 1);
    }

    /** Bytes per second between the oldest sample within the window and the newest; 0 when unknown. */
    double rate() {
        if (count < 2) {
            return 0;
        }
        int newest = (next - 1 + SLOTS) % SLOTS;
        int oldest = newest;
        for (int i = 1; i < count; i++) {
            int j = (newest - i + SLOTS) % SLOTS;
            if (times[newest] - times[j] > WINDOW_NANOS) {
                break;
            }
            oldest = j;
        }
        long dt = times[newest] - times[oldest];
        return dt <= 0 ? 0 : (bytes[newest] - bytes[oldest]) * 1e9 / dt;
    }

    void clear() {
        count = 0;
        next = 0;
    }
}
