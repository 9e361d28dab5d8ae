package org.writeahead.train;

import java.nio.file.Path;
import org.writeahead.weights.Dtype;

/**
 * Everything a training run is configured with; saved in its checkpoints so that {@code --resume}
 * continues the same run.
 *
 * @param steps optimizer steps in all, or 0 to train for {@code minutes}
 * @param minutes wall-clock budget in all (across resumes), used when steps is 0
 * @param minCount from scratch, token ids rarer than this in the training text share one output row
 */
public record TrainOptions(
        Path data,
        Path init,
        Path out,
        int layers,
        int embd,
        int heads,
        int context,
        long steps,
        double minutes,
        int batch,
        double learningRate,
        double minLearningRate,
        int warmupSteps,
        double weightDecay,
        double clipNorm,
        long seed,
        double checkpointMinutes,
        int evalEvery,
        int evalBatches,
        Dtype exportDtype,
        int minCount) {

    public TrainOptions {
        if (layers < 1 || layers > 48 || embd < 8 || embd > 4096 || heads < 1 || embd % heads != 0) {
            throw new IllegalArgumentException("model size must be 1-48 layers, 8-4096 wide, with --embd a multiple of --heads");
        }
        if (context < 8 || context > 2048) {
            throw new IllegalArgumentException("--context must be between 8 and 2048, got " + context);
        }
        if (steps < 0 || (steps == 0 && !(minutes > 0)) || minutes > 100_000) {
            throw new IllegalArgumentException("give --steps N (N > 0) or --minutes M (M > 0)");
        }
        if (batch < 1 || batch > 1024) {
            throw new IllegalArgumentException("--batch must be between 1 and 1024, got " + batch);
        }
        if (!(learningRate > 0) || learningRate > 1 || !(minLearningRate >= 0) || minLearningRate > learningRate) {
            throw new IllegalArgumentException("--lr must be in (0, 1] and --min-lr in [0, --lr]");
        }
        if (warmupSteps < 0 || !(weightDecay >= 0) || weightDecay > 1 || !(clipNorm >= 0)) {
            throw new IllegalArgumentException("--warmup, --weight-decay and --clip must be non-negative (weight decay at most 1)");
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be at least 1, got " + minCount);
        }
        if (!(checkpointMinutes > 0) || evalEvery < 1 || evalBatches < 1) {
            throw new IllegalArgumentException("--checkpoint-minutes, --eval-every and --eval-batches must be positive");
        }
    }

    /** Tokens per optimizer step. */
    public long tokensPerStep() {
        return (long) batch * context;
    }
}
