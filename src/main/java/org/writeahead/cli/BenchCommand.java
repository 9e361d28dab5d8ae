package org.writeahead.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time loading, prefill, first token and decode steps; medians of several runs after a warm-up.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    /** Prose to cut benchmark prompts from; any text would do, this one reads like a document. */
    private static final String PROSE = "The morning was cold and bright, and the river ran fast under the old stone bridge. "
            + "She stood at the window for a long time, watching the carts go by, and thinking of the letter "
            + "that had come the night before. Nothing in it had surprised her; that was the strange part. ";

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt-tokens", defaultValue = "200", description = "Prompt length in tokens (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--n", defaultValue = "3", description = "Suggestions per run (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--max-tokens", defaultValue = "20", description = "Tokens per suggestion (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 1000) {
            throw new UsageException("--runs must be between 1 and 1000, got " + runs);
        }
        if (promptTokens < 1) {
            throw new UsageException("--prompt-tokens must be at least 1, got " + promptTokens);
        }
        try (CompletionEngine engine = modelOptions.load(cli.context(), n)) {
            int limit = engine.config().nPositions() - maxTokens - 1;
            if (promptTokens > limit) {
                throw new UsageException("--prompt-tokens " + promptTokens + " plus --max-tokens " + maxTokens
                        + " do not fit the model's context of " + engine.config().nPositions());
            }
            String prompt = promptOf(engine, promptTokens);
            // Sampling with a fixed seed; end-of-text still ends a row early, which the steps show.
            CompletionRequest request = new CompletionRequest(prompt, n, maxTokens, SamplingParams.defaults(), 42, null, StopAt.NONE, false);
            engine.complete(request); // warm-up: first-call allocations and kernel selection
            double[] prefill = new double[runs];
            double[] first = new double[runs];
            double[] step = new double[runs];
            double[] total = new double[runs];
            int steps = 0;
            int fed = 0;
            for (int i = 0; i < runs; i++) {
                Completion c = engine.complete(request);
                prefill[i] = c.timing().prefill();
                first[i] = c.timing().firstToken();
                step[i] = c.timing().perStep();
                total[i] = c.timing().total();
                steps = c.timing().steps();
                fed = c.promptTokens();
            }
            long peakRssMb = peakResidentMegabytes();
            if (json) {
                JsonObject out = new JsonObject();
                out.addProperty("model", modelOptions.name(engine));
                out.addProperty("device", engine.deviceName());
                out.addProperty("machine", Machine.describe());
                out.addProperty("prompt_tokens", fed);
                out.addProperty("n", n);
                out.addProperty("max_tokens", maxTokens);
                out.addProperty("runs", runs);
                out.addProperty("decode_steps", steps);
                JsonObject ms = new JsonObject();
                ms.addProperty("load", Json.round(engine.loadMillis()));
                ms.addProperty("prefill", Json.round(median(prefill)));
                ms.addProperty("first_token", Json.round(median(first)));
                ms.addProperty("per_step", Json.round(median(step)));
                ms.addProperty("total", Json.round(median(total)));
                out.add("median_ms", ms);
                out.addProperty("peak_rss_mb", peakRssMb);
                System.out.println(Json.GSON.toJson(out));
            } else {
                System.out.println("model        " + modelOptions.name(engine) + " on " + engine.deviceName());
                System.out.println("machine      " + Machine.describe());
                System.out.printf(Locale.ROOT, "job          %d-token prompt, %d suggestions of %d tokens, median of %d runs after a warm-up%n",
                        fed, n, maxTokens, runs);
                System.out.printf(Locale.ROOT, "load         %8.1f ms%n", engine.loadMillis());
                System.out.printf(Locale.ROOT, "prefill      %8.1f ms%n", median(prefill));
                System.out.printf(Locale.ROOT, "first token  %8.1f ms%n", median(first));
                System.out.printf(Locale.ROOT, "decode step  %8.1f ms  (batch %d, %d steps)%n", median(step), n, steps);
                System.out.printf(Locale.ROOT, "total        %8.1f ms%n", median(total));
                System.out.println("peak memory  " + (peakRssMb < 0 ? "unknown" : peakRssMb + " MB resident"));
            }
        }
        return 0;
    }

    /** Text whose tokens are the first {@code tokens} tokens of repeated prose. */
    private static String promptOf(CompletionEngine engine, int tokens) {
        String text = PROSE.repeat(tokens / 40 + 2);
        int[] ids = engine.tokenizer().encode(text);
        int[] cut = Arrays.copyOf(ids, Math.min(tokens, ids.length));
        return new String(engine.tokenizer().bytes(cut), StandardCharsets.UTF_8);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** VmHWM, the peak resident set, from /proc on Linux; -1 elsewhere. */
    static long peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
