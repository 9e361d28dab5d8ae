package org.writeahead.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.engine.Suggestion;
import org.writeahead.generate.GenerationDefaults;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import org.writeahead.io.TextFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Print suggestions that continue TEXT, as the editor would on TAB.")
final class CompleteCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--n", defaultValue = "3", description = "Number of suggestions (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--max-tokens", defaultValue = "20", description = "New tokens per suggestion at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    // The sampling options default to the model folder's generation_config.json, else to
    // temperature 1, top-k off, top-p 0.9, no repetition penalty.
    @Option(names = "--temperature", description = "Sampling temperature; 0 means greedy (default: the model's, else 1.0).")
    Double temperature;

    @Option(names = "--top-k", description = "Keep only the K likeliest tokens; 0 = off (default: the model's, else 0).")
    Integer topK;

    @Option(names = "--top-p", description = "Nucleus sampling threshold; 1 = off (default: the model's, else 0.9).")
    Double topP;

    @Option(names = "--repetition-penalty", description = "Above 1 discourages repeating tokens (default: the model's, else 1.0).")
    Double repetitionPenalty;

    @Option(names = "--seed", description = "Seed of the sampler (default: random).")
    Long seed;

    @Option(names = "--greedy", description = "Always take the likeliest token.")
    boolean greedy;

    @Option(names = "--max-time", paramLabel = "SECONDS", description = "Wall-clock budget; suggestions end where they are when it runs out.")
    Double maxTime;

    @Option(names = "--stop", paramLabel = "sentence|paragraph", description = "End each suggestion at the end of a sentence or paragraph.")
    String stop;

    @Option(names = "--raw", description = "Feed the prompt's tokens exactly as they are (no token healing), for reproducible checks.")
    boolean raw;

    @Option(names = "--json", description = "Print one JSON object with suggestions, token ids and timing.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT|-", description = "The text to continue; - reads it from standard input.")
    String text;

    @Override
    public Integer call() throws Exception {
        String prompt = text == null ? "" : text.equals("-") ? TextFiles.read(System.in, "standard input") : text;
        ModelCatalog.Entry resolved = modelOptions.resolve(cli.context(), n);
        SamplingParams model = GenerationDefaults.read(resolved.path());
        SamplingParams sampling = new SamplingParams(
                temperature != null ? temperature : model.temperature(),
                topK != null ? topK : model.topK(),
                topP != null ? topP : model.topP(),
                repetitionPenalty != null ? repetitionPenalty : model.repetitionPenalty(),
                greedy);
        CompletionRequest request = new CompletionRequest(prompt, n, maxTokens, sampling,
                seed != null ? seed : System.nanoTime(),
                maxTime == null ? null : seconds(maxTime),
                stop == null ? StopAt.NONE : StopAt.parse(stop),
                raw);
        try (CompletionEngine engine = modelOptions.load(resolved)) {
            Completion completion = engine.complete(request);
            if (json) {
                System.out.println(Json.GSON.toJson(toJson(engine, completion)));
            } else {
                printPlain(completion);
            }
        }
        return 0;
    }

    static Duration seconds(double seconds) {
        if (!(seconds > 0) || seconds > 3600) {
            throw new UsageException("--max-time must be more than 0 and at most 3600 seconds, got " + seconds);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private JsonObject toJson(CompletionEngine engine, Completion completion) {
        JsonObject out = new JsonObject();
        out.addProperty("model", modelOptions.name(engine));
        out.addProperty("device", engine.deviceName());
        out.addProperty("prompt_tokens", completion.promptTokens());
        JsonArray suggestions = new JsonArray();
        for (Suggestion s : completion.suggestions()) {
            JsonObject o = new JsonObject();
            o.addProperty("text", s.text());
            JsonArray ids = new JsonArray();
            for (int id : s.tokenIds()) {
                ids.add(id);
            }
            o.add("token_ids", ids);
            suggestions.add(o);
        }
        out.add("suggestions", suggestions);
        JsonObject timing = new JsonObject();
        timing.addProperty("load", Json.round(engine.loadMillis()));
        timing.addProperty("prefill", Json.round(completion.timing().prefill()));
        timing.addProperty("first_token", Json.round(completion.timing().firstToken()));
        timing.addProperty("per_step", Json.round(completion.timing().perStep()));
        timing.addProperty("total", Json.round(completion.timing().total()));
        out.add("timing_ms", timing);
        if (completion.timedOut()) {
            out.addProperty("timed_out", true);
        }
        return out;
    }

    private static void printPlain(Completion completion) {
        int i = 1;
        for (Suggestion s : completion.suggestions()) {
            System.out.println("--- " + i++ + " ---");
            System.out.println(s.text());
        }
        if (completion.suggestions().isEmpty()) {
            System.err.println(completion.timedOut() ? "writeahead: --max-time ran out before the first words; no suggestion"
                    : "writeahead: the model ended the text at once; no suggestion");
        }
    }
}
