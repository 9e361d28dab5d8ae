package org.writeahead.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.model.Gpt2Config;
import org.writeahead.model.Gpt2Model;
import org.writeahead.model.KvCache;
import org.writeahead.tokenize.Gpt2Tokenizer;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.SafetensorsFile;

/** The trainer on a tiny model and a few sentences: fast, and exact where it can be. */
class TrainerTest {

    @TempDir
    static Path shared;

    private static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = Files.createDirectories(shared.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "The cat sat on the mat. The dog sat on the log. ".repeat(40));
        Files.writeString(data.resolve("b.txt"), "A cat and a dog sat in the sun, and the cat slept. ".repeat(40));
        Files.writeString(data.resolve("c.txt"), "The dog sat on the mat and the cat sat on the log. ".repeat(10));
    }

    private static TrainOptions options(Path out, long steps, double lr) {
        return new TrainOptions(data, null, out, 2, 32, 4, 16, steps, 0, 4, lr, lr / 10, 5, 0.1, 1.0, 7, 60, 1000, 2, Dtype.F32, 1);
    }

    private static List<String> quiet() {
        return new ArrayList<>();
    }

    @Test
    void lossFallsWithinSeconds(@TempDir Path out) throws Exception {
        List<String> lines = quiet();
        Trainer.Result result = new Trainer(options(out, 80, 1e-2), lines::add).run(false, 0);
        assertEquals(80, result.steps());
        // A fresh model puts nearly all probability on the 50,000 unseen ids (loss ~10.8); a few
        // sentences repeated are easy to learn.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step 1/80 | loss 10.8")), String.join("\n", lines));
        assertTrue(result.validationLoss() < 2.5, "validation loss " + result.validationLoss() + "\n" + String.join("\n", lines));
        assertTrue(result.trainLoss() < 6.0, "training loss (smoothed) " + result.trainLoss());
        assertTrue(lines.stream().anyMatch(l -> l.contains("tokens/s") && l.contains("left")), "progress is shown");
        assertTrue(Files.exists(out.resolve("model.safetensors")) && Files.exists(out.resolve("config.json"))
                && Files.exists(out.resolve("tokenizer.json")));
    }

    @Test
    void theSavedModelGivesTheTrainersLogitsOverTheFullVocabulary(@TempDir Path out) throws Exception {
        new Trainer(options(out, 8, 3e-3), quiet()::add).run(false, 0);
        TrainerState.Loaded state = TrainerState.load(out);
        Gpt2Config config = Gpt2Config.read(out.resolve("config.json"));
        CompactVocab vocab = CompactVocab.ofSeen(state.seenIds(), config.vocabSize());
        int[] prompt;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(out.resolve("tokenizer.json"))) {
            prompt = tokenizer.encode("The cat sat on the");
        }
        float[] trainer;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                TrainableGpt2 model = new TrainableGpt2(config, vocab, state.parameters(), manager);
                NDScope ignored = new NDScope()) {
            long[] ids = new long[prompt.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = vocab.compact(prompt[i]);
            }
            float[] all = model.logits(manager.create(ids, new Shape(1, ids.length))).toFloatArray();
            trainer = java.util.Arrays.copyOfRange(all, (prompt.length - 1) * vocab.rows(), prompt.length * vocab.rows());
        }
        float[] engine;
        try (Gpt2Model model = Gpt2Model.load(out, Device.cpu()); KvCache cache = model.newCache()) {
            engine = model.nextTokenLogits(new int[][] {prompt}, cache)[0];
        }
        assertEquals(50257, engine.length);
        double logUnseen = vocab.sharedLogOffset();
        assertTrue(vocab.hasShared() && vocab.unseen() > 50_000, "a few sentences use few ids");
        for (int id = 0; id < engine.length; id++) {
            double expected = vocab.isSeen(id) ? trainer[vocab.compact(id)] : trainer[vocab.rows() - 1] - logUnseen;
            assertEquals(expected, engine[id], 1e-4, "logit of id " + id);
        }
        // The probability the saved model gives all unseen ids together is what training gave the shared row.
        double logZ = org.writeahead.testing.Fixtures.logSumExp(engine);
        double trainerLogZ = org.writeahead.testing.Fixtures.logSumExp(trainer);
        assertEquals(trainer[vocab.rows() - 1] - trainerLogZ, engine[firstUnseen(vocab)] + logUnseen - logZ, 1e-4);
    }

    private static int firstUnseen(CompactVocab vocab) {
        for (int id = 0; id < vocab.fullSize(); id++) {
            if (!vocab.isSeen(id)) {
                return id;
            }
        }
        throw new AssertionError("no unseen id");
    }

    @Test
    void resumingGivesTheSameParametersAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        new Trainer(options(straight, 10, 3e-3), quiet()::add).run(false, 0);
        Trainer.Result first = new Trainer(options(resumed, 10, 3e-3), quiet()::add).run(false, 4);
        assertEquals(4, first.steps(), "interrupted after 4 steps");
        Trainer.Result second = new Trainer(options(resumed, 10, 3e-3), quiet()::add).run(true, 0);
        assertEquals(10, second.steps());
        try (SafetensorsFile a = SafetensorsFile.open(straight.resolve("model.safetensors"));
                SafetensorsFile b = SafetensorsFile.open(resumed.resolve("model.safetensors"))) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            for (String name : a.tensors().keySet()) {
                assertArrayEquals(a.floats(name), b.floats(name), 0f, name);
            }
        }
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing(@TempDir Path out) throws Exception {
        new Trainer(options(out, 2, 1e-3), quiet()::add).run(false, 0);
        CheckpointException again = assertThrows(CheckpointException.class, () -> new Trainer(options(out, 2, 1e-3), quiet()::add).run(false, 0));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
        Path empty = out.resolveSibling(out.getFileName() + "-empty");
        CheckpointException nothing = assertThrows(CheckpointException.class, () -> new Trainer(options(empty, 2, 1e-3), quiet()::add).run(true, 0));
        assertTrue(nothing.getMessage().contains("no trainer-state"), nothing.getMessage());
    }

    @Test
    void absurdSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrainOptions(data, null, data, 2, 30, 4, 16, 10, 0, 4, 1e-3, 1e-4, 5, 0.1, 1, 1, 1, 1, 1, Dtype.F32, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainOptions(data, null, data, 2, 32, 4, 16, 0, 0, 4, 1e-3, 1e-4, 5, 0.1, 1, 1, 1, 1, 1, Dtype.F32, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainOptions(data, null, data, 2, 32, 4, 16, 10, 0, 4, 5, 1e-4, 5, 0.1, 1, 1, 1, 1, 1, Dtype.F32, 1));
    }
}
