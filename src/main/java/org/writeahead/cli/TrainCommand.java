package org.writeahead.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.writeahead.train.TrainOptions;
import org.writeahead.train.Corpus;
import org.writeahead.train.Trainer;
import org.writeahead.weights.Dtype;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a GPT-2 on the .txt files of a folder (from scratch, or fine-tune one with --init), on the CPU.")
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of UTF-8 .txt files; every tenth file (by name) is held out for validation.")
    Path data;

    @Option(names = "--init", paramLabel = "NAME|DIR", description = "Fine-tune this GPT-2 instead of starting from scratch.")
    String init;

    @Option(names = "--out", defaultValue = "models/my-model", paramLabel = "DIR", description = "Where the model and its checkpoints go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embd", defaultValue = "256", description = "Width (default: ${DEFAULT-VALUE}).")
    int embd;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--context", defaultValue = "256", description = "Tokens per training window and the model's context (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--steps", defaultValue = "0", description = "Optimizer steps in all (reproducible schedule).")
    long steps;

    @Option(names = "--minutes", defaultValue = "0", description = "Or: train for this many minutes in all, across resumes.")
    double minutes;

    @Option(names = "--batch", defaultValue = "16", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", description = "Learning rate at the end of the cosine decay (default: a tenth of --lr).")
    Double minLr;

    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay on the matrices (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Clip the global gradient norm to this (default: ${DEFAULT-VALUE}; 0 = off).")
    double clip;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "Write a checkpoint this often (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--eval-every", defaultValue = "200", description = "Validate every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "4", description = "Batches of held-out windows per validation (default: ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f16", description = "Precision of the saved model.safetensors (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--min-count", defaultValue = "1", paramLabel = "K", description = "From scratch: token ids seen fewer than K times share one output row, for a faster softmax (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Dtype exportDtype = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32" -> Dtype.F32;
            case "f16" -> Dtype.F16;
            default -> throw new UsageException("--dtype must be f32 or f16, got " + dtype);
        };
        Path initFolder = init == null ? null : cli.context().catalog().resolve(init).path();
        TrainOptions options = new TrainOptions(data, initFolder, out, layers, embd, heads, context, steps, minutes, batch,
                lr, minLr != null ? minLr : lr / 10, warmup, weightDecay, clip, seed, checkpointMinutes, evalEvery, evalBatches, exportDtype, minCount);
        Corpus.textFiles(data); // a bad --data is refused before --out is created
        Consumer<String> log = Trainer.logTo(out, System.out::println);
        Trainer.Result result = new Trainer(options, log).run(resume, 0);
        log.accept(String.format(Locale.ROOT, "done: %d steps in %.1f minutes, training loss %.4f, validation loss %.4f (perplexity %.1f); model in %s",
                result.steps(), result.minutes(), result.trainLoss(), result.validationLoss(), Math.exp(result.validationLoss()), result.out()));
        return 0;
    }
}
