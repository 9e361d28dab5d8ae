package org.writeahead.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.Perplexity;
import org.writeahead.io.TextFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "perplexity", mixinStandardHelpOptions = true,
        description = "Print tokens, mean negative log-likelihood (nats) and perplexity of UTF-8 text files.")
final class PerplexityCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--stride", defaultValue = "512",
            description = "How far the context window moves each time, capped at the model's context (default: ${DEFAULT-VALUE}).")
    int stride;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files, UTF-8.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        if (stride < 1) {
            throw new UsageException("--stride must be at least 1, got " + stride);
        }
        // Read every file first: a bad one fails before a model is loaded.
        String[] texts = new String[files.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = TextFiles.read(files.get(i));
        }
        try (CompletionEngine engine = modelOptions.load(cli.context(), 1)) {
            int effectiveStride = Math.min(stride, engine.config().nPositions());
            Perplexity.Result total = new Perplexity.Result(0, 0, 0);
            for (int i = 0; i < texts.length; i++) {
                int[] tokens = engine.tokenizer().encode(texts[i]);
                if (tokens.length < 2) {
                    throw new UsageException(files.get(i) + " has " + tokens.length + " token" + (tokens.length == 1 ? "" : "s")
                            + ": perplexity needs at least two (every token after the first is scored)");
                }
                Perplexity.Result result = Perplexity.of(engine, tokens, effectiveStride);
                print(files.get(i).toString(), result);
                total = total.plus(result);
            }
            if (texts.length > 1) {
                print("total", total);
            }
        }
        return 0;
    }

    private static void print(String name, Perplexity.Result r) {
        System.out.println(String.format(Locale.ROOT, "%s\ttokens %d\tmean NLL %.4f\tperplexity %.2f",
                name, r.tokens(), r.meanNll(), r.perplexity()));
    }
}
