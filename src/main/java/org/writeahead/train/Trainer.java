package org.writeahead.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.writeahead.model.Gpt2Config;
import org.writeahead.model.Gpt2Weights;
import org.writeahead.model.RandomGpt2;
import org.writeahead.tokenize.BundledTokenizer;
import org.writeahead.tokenize.Gpt2Tokenizer;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.TensorData;

/**
 * Trains a GPT-2 on a folder of text with DJL's autograd on the PyTorch engine, on the CPU:
 * random windows of the training text, AdamW, warm-up and cosine decay, global-norm clipping,
 * validation on held-out books, atomic checkpoints every few minutes and {@code --resume}.
 *
 * <p>The batch of step s is drawn from a generator seeded with (seed, s), so a resumed run sees
 * exactly the batches the uninterrupted one would have: same seed, same result (with
 * {@code --steps}; a {@code --minutes} schedule follows the clock).
 */
public final class Trainer {

    /** How a run ended. */
    public record Result(long steps, double trainLoss, double validationLoss, double minutes, double tokensPerSecond, Path out) {}

    private final TrainOptions options;
    private final Consumer<String> log;

    public Trainer(TrainOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /**
     * @param resume continue the checkpoint in {@code out}
     * @param stopAfterSteps stop (with a checkpoint) after this many steps of this invocation,
     *     as an interruption would; 0 for no such stop
     */
    public Result run(boolean resume, long stopAfterSteps) throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        if (!resume && Files.exists(TrainerState.file(out))) {
            throw new CheckpointException(out + " already holds a training run: pass --resume to continue it, or choose another --out");
        }
        TrainerState.Loaded loaded = resume ? TrainerState.load(out) : null;
        Path tokenizerFile = out.resolve("tokenizer.json");
        BundledTokenizer.copyTo(out);

        Gpt2Config config;
        CompactVocab vocab;
        Corpus corpus;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(tokenizerFile)) {
            log.accept("reading " + options.data() + " ...");
            corpus = Corpus.load(options.data(), tokenizer);
        }
        log.accept(String.format(Locale.ROOT, "data: %,d training tokens from %d files, %,d validation tokens from %s",
                corpus.train().length, corpus.trainFiles().size(), corpus.validation().length, String.join(", ", corpus.validationFiles())));
        Map<String, TensorData> tensors;
        if (options.init() != null) {
            config = Gpt2Config.read(options.init().resolve("config.json"));
            vocab = loaded != null ? CompactVocab.ofSeen(loaded.seenIds(), config.vocabSize()) : CompactVocab.full(config.vocabSize());
            tensors = loaded != null ? loaded.parameters() : readCheckpoint(options.init(), config);
        } else {
            config = Gpt2Config.of(options.layers(), options.embd(), options.heads(), options.context());
            vocab = loaded != null ? CompactVocab.ofSeen(loaded.seenIds(), config.vocabSize()) : CompactVocab.of(corpus.train(), config.vocabSize(), options.minCount());
            tensors = loaded != null ? loaded.parameters() : RandomGpt2.initialTensors(config, vocab.rows(), options.seed());
        }
        int context = Math.min(options.context(), config.nPositions());
        int[] train = compact(corpus.train(), vocab);
        int[] validation = compact(corpus.validation(), vocab);
        if (train.length < context + 1) {
            throw new IllegalArgumentException("the training text has " + train.length + " tokens, fewer than --context " + context + " + 1");
        }
        log.accept(String.format(Locale.ROOT, "model: %d layers, %d wide, %d heads, context %d, %,d parameters; softmax over %,d of %,d token ids (%.2f%% of the training tokens have a row of their own)",
                config.nLayer(), config.nEmbd(), config.nHead(), context, config.parameterCount(), vocab.rows(), vocab.fullSize(),
                100 * vocab.coverage(corpus.train())));

        LearningRate schedule = new LearningRate(options.learningRate(), options.minLearningRate(), options.warmupSteps());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                TrainableGpt2 model = new TrainableGpt2(config, vocab, tensors, manager)) {
            // PyTorch's grad mode belongs to each thread, and DJL switches it off only on the
            // thread that started the engine; a GradientCollector restores the mode it found.
            // Off outside the collector, on this thread too, or AdamW's in-place updates of the
            // parameters fail ("a leaf Variable that requires grad ...") when another thread
            // (the editor's worker, a test) started the engine first.
            JniUtils.setGradMode(false);
            AdamW adam = new AdamW(model.parameters(), manager, 0.9, 0.95, 1e-8, options.weightDecay());
            long step = 0;
            double previousMinutes = 0;
            double validationLoss = Double.NaN;
            if (loaded != null) {
                adam.restore(loaded.adamStep(), loaded.firstMoments(), loaded.secondMoments());
                step = loaded.progress().step();
                previousMinutes = loaded.progress().elapsedMinutes();
                validationLoss = loaded.progress().lastValidationLoss();
                log.accept(String.format(Locale.ROOT, "resuming at step %d after %.1f minutes", step, previousMinutes));
            }
            long start = System.nanoTime();
            long lastCheckpoint = start;
            long lastLog = start;
            long stepsThisRun = 0;
            double smoothLoss = Double.NaN;
            long tokensThisRun = 0;
            while (true) {
                double minutes = previousMinutes + (System.nanoTime() - start) / 60e9;
                boolean done = options.steps() > 0 ? step >= options.steps() : minutes >= options.minutes();
                boolean interrupted = stopAfterSteps > 0 && stepsThisRun >= stopAfterSteps;
                boolean checkpointDue = (System.nanoTime() - lastCheckpoint) / 60e9 >= options.checkpointMinutes();
                if (step > 0 && (done || interrupted || checkpointDue || step % options.evalEvery() == 0) && stepsThisRun > 0) {
                    validationLoss = validate(model, validation, context);
                    log.accept(String.format(Locale.ROOT, "step %d: validation loss %.4f, perplexity %.1f", step, validationLoss, Math.exp(validationLoss)));
                }
                if (done || interrupted || checkpointDue) {
                    if (stepsThisRun > 0 || done) {
                        checkpoint(model, adam, new TrainerState.Progress(step, minutes, validationLoss), config, context);
                        lastCheckpoint = System.nanoTime();
                    }
                    if (done || interrupted) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        return new Result(step, smoothLoss, validationLoss, minutes, tokensThisRun / Math.max(seconds, 1e-9), out);
                    }
                }
                double progress = options.steps() > 0 ? (double) step / options.steps() : minutes / options.minutes();
                double lr = schedule.at(step, progress);
                double loss = trainStep(model, adam, train, context, step, lr);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the training loss became " + loss + " at step " + step
                            + "; try a lower --lr (the last checkpoint is kept)");
                }
                smoothLoss = Double.isNaN(smoothLoss) ? loss : 0.95 * smoothLoss + 0.05 * loss;
                step++;
                stepsThisRun++;
                tokensThisRun += (long) options.batch() * context;
                long now = System.nanoTime();
                if ((now - lastLog) / 1e9 >= 10 || stepsThisRun <= 3) {
                    lastLog = now;
                    double seconds = (now - start) / 1e9;
                    double left = options.steps() > 0 ? (options.steps() - step) * seconds / stepsThisRun : (options.minutes() - minutes) * 60;
                    log.accept(String.format(Locale.ROOT, "step %d%s | loss %.4f | lr %.2e | %.0f tokens/s | %s elapsed, %s left",
                            step, options.steps() > 0 ? "/" + options.steps() : "", smoothLoss, lr, tokensThisRun / seconds,
                            clock(previousMinutes * 60 + seconds), clock(Math.max(0, left))));
                }
            }
        }
    }

    /** One optimizer step on the batch of this step number; returns its loss. */
    private double trainStep(TrainableGpt2 model, AdamW adam, int[] train, int context, long step, double lr) {
        SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step);
        int b = options.batch();
        long[] inputs = new long[b * context];
        long[] targets = new long[b * context];
        for (int row = 0; row < b; row++) {
            int offset = random.nextInt(train.length - context);
            for (int i = 0; i < context; i++) {
                inputs[row * context + i] = train[offset + i];
                targets[row * context + i] = train[offset + i + 1];
            }
        }
        try (NDScope ignored = new NDScope()) {
            NDManager m = model.manager();
            NDArray x = m.create(inputs, new Shape(b, context));
            NDArray y = m.create(targets, new Shape(b, context));
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = model.loss(x, y);
                collector.backward(l);
                loss = l.getFloat();
            }
            adam.update(lr, options.clipNorm());
            return loss;
        }
    }

    /**
     * Mean loss over evenly spaced windows of the held-out text, as the saved full-vocabulary
     * model would score it: a token the training data never had is one of the shared row's ids,
     * so its loss is the shared row's plus log(number of such ids).
     */
    double validate(TrainableGpt2 model, int[] validation, int context) {
        int t = Math.min(context, validation.length - 1);
        if (t < 1) {
            return Double.NaN;
        }
        int windows = options.evalBatches() * options.batch();
        int span = validation.length - t - 1;
        double sum = 0;
        long count = 0;
        int sharedRow = model.vocab().rows() - 1;
        double offset = model.vocab().sharedLogOffset();
        for (int first = 0; first < windows; first += options.batch()) {
            int rows = Math.min(options.batch(), windows - first);
            long[] inputs = new long[rows * t];
            long[] targets = new long[rows * t];
            for (int r = 0; r < rows; r++) {
                int start = windows == 1 ? 0 : (int) ((long) span * (first + r) / (windows - 1));
                for (int i = 0; i < t; i++) {
                    inputs[r * t + i] = validation[start + i];
                    targets[r * t + i] = validation[start + i + 1];
                }
            }
            try (NDScope ignored = new NDScope()) {
                NDManager m = model.manager();
                float[] losses = model.tokenLosses(m.create(inputs, new Shape(rows, t)), m.create(targets, new Shape(rows, t))).toFloatArray();
                for (int i = 0; i < losses.length; i++) {
                    sum += losses[i] + (model.vocab().hasShared() && targets[i] == sharedRow ? offset : 0);
                    count++;
                }
            }
        }
        return sum / count;
    }

    private void checkpoint(TrainableGpt2 model, AdamW adam, TrainerState.Progress progress, Gpt2Config config, int context) throws IOException {
        JsonObject settings = new JsonObject();
        settings.addProperty("layers", config.nLayer());
        settings.addProperty("embd", config.nEmbd());
        settings.addProperty("heads", config.nHead());
        settings.addProperty("context", context);
        settings.addProperty("seed", options.seed());
        settings.addProperty("batch", options.batch());
        settings.addProperty("lr", options.learningRate());
        TrainerState.save(options.out(), model, adam, progress, settings);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("writeahead_train_step", Long.toString(progress.step()));
        model.export(options.out(), options.exportDtype(), meta);
        log.accept(String.format(Locale.ROOT, "checkpoint at step %d written to %s", progress.step(), options.out()));
    }

    /** Parameters of an existing GPT-2 checkpoint, for fine-tuning (full vocabulary). */
    private static Map<String, TensorData> readCheckpoint(Path folder, Gpt2Config config) throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            java.util.List<String> names = new java.util.ArrayList<>(Gpt2Weights.names(config.nLayer()));
            if (checkpoint.has("lm_head.weight")) {
                names.add("lm_head.weight");
            }
            for (String name : names) {
                String key = checkpoint.has(name) ? name : "transformer." + name;
                out.put(name, new TensorData(Dtype.F32, checkpoint.info(key).shape(), checkpoint.floats(key)));
            }
        }
        return out;
    }

    private static int[] compact(int[] tokens, CompactVocab vocab) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = vocab.compact(tokens[i]);
        }
        return out;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Appends each line to OUT/train.log as well as showing it. */
    public static Consumer<String> logTo(Path out, Consumer<String> show) throws IOException {
        Files.createDirectories(out);
        Writer writer = Files.newBufferedWriter(out.resolve("train.log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return line -> {
            show.accept(line);
            try {
                writer.write(line + "\n");
                writer.flush();
            } catch (IOException e) {
                // The log file is a convenience; the console has the line.
            }
        };
    }
}
