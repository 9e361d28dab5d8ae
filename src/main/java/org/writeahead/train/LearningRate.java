package org.writeahead.train;

/** Linear warm-up, then cosine decay to a tenth of the peak (nanoGPT's schedule). */
public record LearningRate(double peak, double minimum, long warmupSteps) {

    /**
     * @param step optimizer steps taken so far
     * @param progress fraction of the run done, 0..1 (by steps, or by time with --minutes)
     */
    public double at(long step, double progress) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double p = Math.min(1, Math.max(0, progress));
        return minimum + 0.5 * (1 + Math.cos(Math.PI * p)) * (peak - minimum);
    }
}
