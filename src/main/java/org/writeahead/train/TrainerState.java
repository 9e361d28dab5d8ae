package org.writeahead.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.SafetensorsFile;
import org.writeahead.weights.SafetensorsWriter;
import org.writeahead.weights.TensorData;

/**
 * A training run's checkpoint, {@code OUT/trainer-state.safetensors}: parameters (compact
 * embedding), Adam's moments, the seen token ids, and in its metadata the step, the time spent
 * and the run's settings. Written atomically, so a kill at any moment leaves the previous one.
 */
final class TrainerState {

    static final String FILE = "trainer-state.safetensors";

    record Progress(long step, double elapsedMinutes, double lastValidationLoss) {}

    private TrainerState() {}

    static Path file(Path out) {
        return out.resolve(FILE);
    }

    static void save(Path out, TrainableGpt2 model, AdamW adam, Progress progress, JsonObject settings) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Map<String, TensorData> params = model.snapshot();
        params.forEach((name, t) -> tensors.put("param." + name, t));
        int i = 0;
        for (String name : params.keySet()) {
            var m = adam.firstMoments().get(i);
            var v = adam.secondMoments().get(i);
            tensors.put("adam_m." + name, new TensorData(Dtype.F32, m.getShape().getShape(), m.toFloatArray()));
            tensors.put("adam_v." + name, new TensorData(Dtype.F32, v.getShape().getShape(), v.toFloatArray()));
            i++;
        }
        int[] seen = model.vocab().seenIds();
        float[] seenAsFloats = new float[seen.length];
        for (int k = 0; k < seen.length; k++) {
            seenAsFloats[k] = seen[k]; // exact: ids are below 2^24
        }
        tensors.put("vocab.seen", new TensorData(Dtype.F32, new long[] {seen.length}, seenAsFloats));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Long.toString(progress.step()));
        meta.put("elapsed_minutes", Double.toString(progress.elapsedMinutes()));
        meta.put("last_validation_loss", Double.toString(progress.lastValidationLoss()));
        meta.put("adam_step", Long.toString(adam.step()));
        meta.put("settings", new Gson().toJson(settings));
        SafetensorsWriter.write(file(out), tensors, meta);
    }

    /** What a checkpoint holds, read back. */
    record Loaded(Map<String, TensorData> parameters, List<float[]> firstMoments, List<float[]> secondMoments,
                  int[] seenIds, Progress progress, long adamStep, JsonObject settings) {}

    static Loaded load(Path out) throws IOException {
        Path file = file(out);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(out + " has no " + FILE + " to resume from");
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            Map<String, TensorData> params = new LinkedHashMap<>();
            List<float[]> first = new ArrayList<>();
            List<float[]> second = new ArrayList<>();
            for (String name : st.tensors().keySet()) {
                if (name.startsWith("param.")) {
                    String key = name.substring("param.".length());
                    params.put(key, new TensorData(Dtype.F32, st.info(name).shape(), st.floats(name)));
                    first.add(st.floats("adam_m." + key));
                    second.add(st.floats("adam_v." + key));
                }
            }
            float[] seenFloats = st.floats("vocab.seen");
            int[] seen = new int[seenFloats.length];
            for (int k = 0; k < seen.length; k++) {
                seen[k] = (int) seenFloats[k];
            }
            Map<String, String> meta = st.metadata();
            Progress progress = new Progress(Long.parseLong(meta.get("step")), Double.parseDouble(meta.get("elapsed_minutes")),
                    Double.parseDouble(meta.get("last_validation_loss")));
            JsonObject settings = new Gson().fromJson(meta.get("settings"), JsonObject.class);
            return new Loaded(params, first, second, seen, progress, Long.parseLong(meta.get("adam_step")), settings);
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": not a WriteAhead trainer checkpoint (" + e.getMessage() + ")");
        }
    }
}
