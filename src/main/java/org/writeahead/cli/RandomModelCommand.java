package org.writeahead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.writeahead.model.Gpt2Config;
import org.writeahead.model.RandomGpt2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a GPT-2 folder with random weights (default: gpt2-small's shape), for benchmarks.")
final class RandomModelCommand implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "12", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embd", defaultValue = "768", description = "Width (default: ${DEFAULT-VALUE}).")
    int embd;

    @Option(names = "--heads", defaultValue = "12", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--context", defaultValue = "1024", description = "Positions (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Parameters(index = "0", paramLabel = "OUT", description = "Folder to write (must not exist yet, or be empty).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (layers < 1 || layers > 96 || embd < 1 || embd > 8192 || heads < 1 || context < 1 || context > 8192) {
            throw new UsageException("sizes out of range: 1..96 layers, 1..8192 wide, 1..8192 positions");
        }
        if (embd % heads != 0) {
            throw new UsageException("--embd " + embd + " is not a multiple of --heads " + heads);
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            throw new UsageException(out + " already exists and is not an empty folder");
        }
        Gpt2Config config = Gpt2Config.of(layers, embd, heads, context);
        RandomGpt2.write(out, config, seed);
        System.out.printf("wrote %s: %d layers, %d wide, %d heads, %,d parameters%n", out, layers, embd, heads, config.parameterCount());
        return 0;
    }
}
