package org.writeahead.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.writeahead.model.Gpt2Config;
import org.writeahead.generate.StopAt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time loading, prefill, first token and decode steps, cold (a new document) and warm (a few words typed"
                + " since the last TAB), and the machine's matrix-multiply rate; medians of several runs after a warm-up.")
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
            String typed = prompt + TYPED;
            // Sampling with a fixed seed; end-of-text still ends a row early, which the steps show.
            CompletionRequest coldRequest = request(prompt);
            CompletionRequest warmRequest = request(typed);
            CompletionRequest preparedRequest = request(typed + TYPED_IN_PAUSE);
            // Warm-up: first-call allocations and kernel selection, for both shapes of prefill.
            engine.complete(coldRequest);
            engine.complete(warmRequest);
            long[] ticksBefore = Machine.cpuTicks();
            long timedStart = System.nanoTime();
            Runs cold = new Runs(runs);
            Runs warm = new Runs(runs);
            Runs prepared = new Runs(runs);
            double[] prepareMs = new double[runs];
            // The matrix-multiply rate is taken in every run, next to the prefill it is compared
            // with: measured once, a busy moment on either side made the ratio meaningless (251%).
            double[] matmuls = new double[runs];
            for (int i = 0; i < runs; i++) {
                matmuls[i] = matmulGflops(engine.deviceName());
                // Cold: a new document, nothing kept. Warm: the same document a few words later,
                // right after a TAB on it (the cold run), as when the user types on and TABs again.
                engine.clearPromptCache();
                cold.add(i, engine.complete(coldRequest));
                warm.add(i, engine.complete(warmRequest));
                // Prepared: more words typed, then a pause in which the editor prefills them, then TAB.
                long start = System.nanoTime();
                engine.prepare(preparedRequest.text());
                prepareMs[i] = (System.nanoTime() - start) / 1e6;
                prepared.add(i, engine.complete(preparedRequest));
            }
            Gpt2Config config = engine.config();
            int coldFed = cold.fed;
            double coldPrefillMs = median(cold.prefill);
            double prefillGflops = prefillFlops(config, coldFed, 0) / (coldPrefillMs / 1e3) / 1e9;
            double matmul = median(matmuls);
            double[] fractions = new double[runs];
            for (int i = 0; i < runs; i++) {
                fractions[i] = prefillFlops(config, coldFed, 0) / (cold.prefill[i] / 1e3) / 1e9 / matmuls[i];
            }
            double fraction = median(fractions);
            // Other work on the machine slows every figure; say so rather than let it pass for the
            // code's. (The load average would count this benchmark's own threads.)
            double others = Machine.othersCores(ticksBefore, Machine.cpuTicks(), (System.nanoTime() - timedStart) / 1e9);
            String busy = others > 0.25
                    ? String.format(Locale.ROOT, "other programs used %.2f of the %d cores meanwhile: these figures are not comparable",
                            others, Runtime.getRuntime().availableProcessors())
                    : null;
            long peakRssMb = peakResidentMegabytes();
            if (json) {
                JsonObject out = new JsonObject();
                out.addProperty("model", modelOptions.name(engine));
                out.addProperty("device", engine.deviceName());
                out.addProperty("precision", engine.precision());
                out.addProperty("decode", engine.decodePath());
                out.addProperty("machine", Machine.describe());
                out.addProperty("prompt_tokens", cold.promptTokens);
                out.addProperty("n", n);
                out.addProperty("max_tokens", maxTokens);
                out.addProperty("runs", runs);
                out.addProperty("decode_steps", cold.steps);
                // The old fields: the cold runs (every run used to prefill its whole prompt).
                JsonObject ms = cold.medians();
                ms.addProperty("load", Json.round(engine.loadMillis()));
                out.add("median_ms", ms);
                out.add("cold", cold.json(config, 0));
                JsonObject warmJson = warm.json(config, cold.fed);
                warmJson.addProperty("typed", TYPED);
                out.add("warm", warmJson);
                JsonObject preparedJson = prepared.json(config, 0);
                preparedJson.addProperty("typed", TYPED_IN_PAUSE);
                preparedJson.addProperty("prepare_ms", Json.round(median(prepareMs)));
                preparedJson.remove("prefill_tokens_per_s");
                preparedJson.remove("prefill_gflops");
                out.add("prepared", preparedJson);
                JsonObject mm = new JsonObject();
                mm.addProperty("shape", MATMUL_ROWS + "x" + MATMUL_IN + " by " + MATMUL_IN + "x" + MATMUL_OUT + " float32");
                mm.addProperty("median_gflops", Json.round(matmul));
                out.add("matmul", mm);
                out.addProperty("prefill_gflops", Json.round(prefillGflops));
                out.addProperty("prefill_fraction_of_matmul", Math.round(fraction * 1000) / 1000.0);
                out.addProperty("peak_rss_mb", peakRssMb);
                out.addProperty("other_programs_cores", Math.round(others * 100) / 100.0);
                if (busy != null) {
                    out.addProperty("warning", busy);
                }
                System.out.println(Json.GSON.toJson(out));
            } else {
                System.out.println("model         " + modelOptions.name(engine) + " on " + engine.deviceName() + ", "
                        + engine.precision() + ", decode steps: " + engine.decodePath());
                System.out.println("machine       " + Machine.describe());
                System.out.printf(Locale.ROOT, "job           %d-token prompt, %d suggestions of %d tokens, median of %d runs after a warm-up%n",
                        cold.promptTokens, n, maxTokens, runs);
                System.out.printf(Locale.ROOT, "load          %8.1f ms%n", engine.loadMillis());
                System.out.printf(Locale.ROOT, "%-13s %8s %8s %8s%n", "", "cold", "warm", "prepared");
                System.out.printf(Locale.ROOT, "%-13s %8d %8d %8d%n", "tokens fed", cold.fed, warm.fed, prepared.fed);
                row("prefill", median(cold.prefill), median(warm.prefill), median(prepared.prefill), "ms");
                row("first token", median(cold.first), median(warm.first), median(prepared.first), "ms");
                row("decode step", median(cold.step), median(warm.step), median(prepared.step),
                        String.format(Locale.ROOT, "ms  median (batch %d, %d steps)", n, cold.steps));
                row("total", median(cold.total), median(warm.total), median(prepared.total), "ms");
                System.out.printf(Locale.ROOT, "%-13s %8.1f %8.1f %8s tokens/s%n", "prefill rate", cold.fed / (coldPrefillMs / 1e3),
                        warm.fed / (median(warm.prefill) / 1e3), "");
                System.out.println("(warm: the same prompt plus \"" + TYPED + "\", right after a request on the prompt; prepared: then \""
                        + TYPED_IN_PAUSE + "\" more, prefilled in a typing pause of " + Math.round(median(prepareMs)) + " ms before the request)");
                System.out.printf(Locale.ROOT, "matmul        %8.1f GFLOP/s  (median, %dx%d by %dx%d float32)%n", matmul, MATMUL_ROWS, MATMUL_IN,
                        MATMUL_IN, MATMUL_OUT);
                System.out.printf(Locale.ROOT, "cold prefill  %8.1f GFLOP/s  = %.0f%% of matmul (median of the runs' ratios)%n", prefillGflops,
                        100 * fraction);
                System.out.println("peak memory   " + (peakRssMb < 0 ? "unknown" : peakRssMb + " MB resident"));
                if (busy != null) {
                    System.out.println("warning       " + busy);
                }
            }
        }
        return 0;
    }

    /** What is typed between the two TABs of a warm run: about four tokens. */
    static final String TYPED = " and then she";
    /** What is typed after that, before a pause in which the editor prefills it. */
    static final String TYPED_IN_PAUSE = " went to the door";
    static final int MATMUL_ROWS = 200;
    static final int MATMUL_IN = 768;
    static final int MATMUL_OUT = 3072;

    private CompletionRequest request(String text) {
        return new CompletionRequest(text, n, maxTokens, SamplingParams.defaults(), 42, null, StopAt.NONE, false);
    }

    private static void row(String name, double cold, double warm, double prepared, String unit) {
        System.out.printf(Locale.ROOT, "%-13s %8.1f %8.1f %8.1f %s%n", name, cold, warm, prepared, unit);
    }

    /** The timings of one kind of run. */
    private static final class Runs {
        final double[] prefill;
        final double[] first;
        final double[] step;
        final double[] total;
        int steps;
        int fed;
        int promptTokens;

        Runs(int runs) {
            prefill = new double[runs];
            first = new double[runs];
            step = new double[runs];
            total = new double[runs];
        }

        void add(int i, Completion c) {
            prefill[i] = c.timing().prefill();
            first[i] = c.timing().firstToken();
            step[i] = c.timing().medianStep();
            total[i] = c.timing().total();
            steps = c.timing().steps();
            fed = c.timing().promptFed();
            promptTokens = c.promptTokens();
        }

        JsonObject medians() {
            JsonObject ms = new JsonObject();
            ms.addProperty("prefill", Json.round(median(prefill)));
            ms.addProperty("first_token", Json.round(median(first)));
            ms.addProperty("per_step", Json.round(median(step)));
            ms.addProperty("total", Json.round(median(total)));
            return ms;
        }

        /** {@code past}: positions the prefill found in the cache. */
        JsonObject json(Gpt2Config config, int past) {
            JsonObject out = new JsonObject();
            out.addProperty("prompt_tokens", promptTokens);
            out.addProperty("prompt_tokens_fed", fed);
            out.addProperty("decode_steps", steps);
            out.add("median_ms", medians());
            double seconds = median(prefill) / 1e3;
            out.addProperty("prefill_tokens_per_s", Json.round(seconds <= 0 ? 0 : fed / seconds));
            out.addProperty("prefill_gflops", Json.round(seconds <= 0 ? 0 : prefillFlops(config, fed, past) / seconds / 1e9));
            return out;
        }
    }

    /**
     * Floating-point operations of a prefill of {@code tokens} new tokens after {@code past}
     * cached ones, as the forward pass computes them: 2 per block weight per token
     * (2 x 12 C^2 x L x T, the four projections; biases and layer norms are not counted), the
     * attention scores and their weighted sum over all S = past + T keys (4 x L x T x S x C; the
     * masked half is computed too), and the output head for the last position only (2 x V x C).
     */
    static double prefillFlops(Gpt2Config config, int tokens, int past) {
        double c = config.nEmbd();
        double layers = config.nLayer();
        double blockWeights = layers * (c * 3 * c + c * c + 2 * c * config.nInner());
        double s = past + tokens;
        return 2 * blockWeights * tokens + 4 * layers * tokens * s * c + 2.0 * config.vocabSize() * c;
    }

    /** Median GFLOP/s of a float32 [200, 768] x [768, 3072] matrix multiply on the engine's device. */
    static double matmulGflops(String deviceName) {
        try (NDManager manager = NDManager.newBaseManager(Device.fromName(deviceName))) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(MATMUL_ROWS, MATMUL_IN));
            NDArray b = manager.randomUniform(-1, 1, new Shape(MATMUL_IN, MATMUL_OUT));
            double flops = 2.0 * MATMUL_ROWS * MATMUL_IN * MATMUL_OUT;
            int reps = 30;
            double[] gflops = new double[reps];
            for (int i = -3; i < reps; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // waits for the result on a GPU
                }
                long took = System.nanoTime() - start;
                if (i >= 0) {
                    gflops[i] = flops / took;
                }
            }
            return median(gflops);
        }
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
