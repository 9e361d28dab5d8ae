package org.writeahead.settings;

import java.time.Duration;
import java.util.Locale;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;

/**
 * What the user chose in the Settings dialog and the menus. Immutable; a value outside its range
 * is refused with a message naming the setting, so an absurd value never reaches the engine.
 *
 * @param suggestions how many candidates TAB shows, 1..5
 * @param lengthTokens new tokens per TAB, 1..200
 * @param temperature 0 (greedy) .. 5
 * @param topK 0 (off) .. 1000
 * @param topP above 0 .. 1 (1 is off)
 * @param repetitionPenalty 1 (off) .. 3
 * @param maxTimeSeconds wall-clock budget per TAB; 0 is none, else 0.1 .. 120
 * @param stopAtSentence end each candidate at its first sentence end
 * @param device where the model runs
 * @param model the Model menu's choice: a catalog name, or a folder path
 * @param showMarks show the text the model wrote in a subtle colour
 * @param darkTheme dark colours
 */
public record Settings(
        int suggestions,
        int lengthTokens,
        double temperature,
        int topK,
        double topP,
        double repetitionPenalty,
        double maxTimeSeconds,
        boolean stopAtSentence,
        DeviceChoice device,
        String model,
        boolean showMarks,
        boolean darkTheme) {

    public static final int MAX_SUGGESTIONS = 5;
    public static final int MAX_LENGTH = 200;

    public Settings {
        check(suggestions >= 1 && suggestions <= MAX_SUGGESTIONS, "number of suggestions must be between 1 and 5, got " + suggestions);
        check(lengthTokens >= 1 && lengthTokens <= MAX_LENGTH, "length must be between 1 and 200 tokens, got " + lengthTokens);
        check(temperature >= 0 && temperature <= 5, "temperature must be between 0 and 5, got " + fmt(temperature));
        check(topK >= 0 && topK <= 1000, "top-k must be between 0 (off) and 1000, got " + topK);
        check(topP > 0 && topP <= 1, "top-p must be above 0 and at most 1, got " + fmt(topP));
        check(repetitionPenalty >= 1 && repetitionPenalty <= 3, "repetition penalty must be between 1 (off) and 3, got " + fmt(repetitionPenalty));
        check(maxTimeSeconds == 0 || (maxTimeSeconds >= 0.1 && maxTimeSeconds <= 120),
                "max time must be 0 (none) or between 0.1 and 120 seconds, got " + fmt(maxTimeSeconds));
        check(device != null, "device must be Auto, CPU or GPU");
        check(model != null && !model.isBlank(), "a model must be chosen");
    }

    /**
     * Three candidates of 20 tokens, as Write With Transformer offered; the bundled model. The
     * sampling is the bundled model's generation_config.json (temperature 0.7, top-p 0.9,
     * repetition penalty 1.15): its continuations read clearly better so than at temperature 1
     * (the model card compares them), and GPT-2 proper reads well with them too.
     */
    public static Settings defaults() {
        return new Settings(3, 20, 0.7, 0, 0.9, 1.15, 0, false, DeviceChoice.AUTO, org.writeahead.engine.ModelCatalog.BUNDLED, true, false);
    }

    /** The engine request for a TAB at a caret with {@code textBefore} before it. */
    public CompletionRequest request(String textBefore, int count, int maxTokens, long seed) {
        SamplingParams sampling = new SamplingParams(temperature, topK, topP, repetitionPenalty, temperature == 0);
        Duration maxTime = maxTimeSeconds == 0 ? null : Duration.ofMillis(Math.round(maxTimeSeconds * 1000));
        return new CompletionRequest(textBefore, count, maxTokens, sampling, seed, maxTime, stopAtSentence ? StopAt.SENTENCE : StopAt.NONE, false);
    }

    public Settings withModel(String newModel) {
        return new Settings(suggestions, lengthTokens, temperature, topK, topP, repetitionPenalty, maxTimeSeconds, stopAtSentence, device, newModel,
                showMarks, darkTheme);
    }

    public Settings withShowMarks(boolean show) {
        return new Settings(suggestions, lengthTokens, temperature, topK, topP, repetitionPenalty, maxTimeSeconds, stopAtSentence, device, model,
                show, darkTheme);
    }

    public Settings withDarkTheme(boolean dark) {
        return new Settings(suggestions, lengthTokens, temperature, topK, topP, repetitionPenalty, maxTimeSeconds, stopAtSentence, device, model,
                showMarks, dark);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%s", v);
    }
}
