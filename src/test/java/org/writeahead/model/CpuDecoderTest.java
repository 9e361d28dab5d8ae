package org.writeahead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.writeahead.model.cpu.CpuKernel;
import org.writeahead.testing.Fixtures;

/** The CPU decode kernel gives PyTorch's logits, step after step, for any number of rows. */
class CpuDecoderTest {

    private static final int[] PROMPT = {464, 3290, 373, 257, 1310, 286, 262, 1110, 11, 290};

    @TempDir
    static Path temp;

    @Test
    void theTestsRunWithTheVectorApi() {
        // Surefire adds jdk.incubator.vector; without it every comparison below would be PyTorch
        // against itself.
        assertTrue(CpuKernel.available(), CpuKernel.unavailableReason());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5})
    void tinyFixtureMatchesPyTorchOverTwentySteps(int rows) throws Exception {
        compare(Fixtures.TINY_GPT2, rows, 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void wideRandomModelMatchesPyTorch(int rows) throws Exception {
        // 64 wide with 16-dim heads: the vector loops run whole (the fixture's 8-dim heads only
        // exercise the scalar tails).
        Path folder = temp.resolve("random-64");
        if (!folder.resolve("config.json").toFile().exists()) {
            RandomGpt2.write(folder, Gpt2Config.of(3, 64, 4, 48), 7);
        }
        compare(folder, rows, 12);
    }

    @Test
    void stepsStopAtTheContext() throws Exception {
        try (Gpt2Model model = Gpt2Model.load(Fixtures.TINY_GPT2, Device.cpu(), new Gpt2Model.LoadOptions(2, true, false))) {
            assertEquals("cpu kernel, 2 threads", model.decodePath());
            KvCache cache = model.newCache();
            int[] prompt = new int[model.config().nPositions() - 1];
            model.nextTokenLogits(new int[][] {prompt}, cache);
            try (Decoder decoder = model.decoder(cache, 2)) {
                decoder.step(new int[] {1, 2});
                assertEquals(model.config().nPositions(), decoder.length());
                assertThrows(IllegalArgumentException.class, () -> decoder.step(new int[] {1, 2}));
                assertThrows(IllegalArgumentException.class, () -> decoder.step(new int[] {1}));
            }
        }
    }

    @Test
    void float16WeightsGiveNearlyTheSameLogits() throws Exception {
        // The GPU's default precision, checked here on the CPU (slowly, but the fixture is tiny).
        try (Gpt2Model full = Gpt2Model.load(Fixtures.TINY_GPT2, Device.cpu(), new Gpt2Model.LoadOptions(1, false, false));
                Gpt2Model half = Gpt2Model.load(Fixtures.TINY_GPT2, Device.cpu(), new Gpt2Model.LoadOptions(1, false, true))) {
            assertEquals("float32", full.precision());
            assertEquals("float16", half.precision());
            KvCache fullCache = full.newCache();
            KvCache halfCache = half.newCache();
            float[] expected = full.nextTokenLogits(new int[][] {PROMPT}, fullCache)[0];
            float[] actual = half.nextTokenLogits(new int[][] {PROMPT}, halfCache)[0];
            assertWithin(expected, actual, 0.02, "float16 prefill");
            try (Decoder a = full.decoder(fullCache, 2); Decoder b = half.decoder(halfCache, 2)) {
                for (int step = 0; step < 5; step++) {
                    int[] tokens = {step + 11, step + 500};
                    float[][] e = a.step(tokens);
                    float[][] g = b.step(tokens);
                    assertWithin(e[0], g[0], 0.02, "float16 step " + step);
                    assertWithin(e[1], g[1], 0.02, "float16 step " + step);
                }
            }
        }
    }

    /** Largest difference at most {@code relative} of the largest |logit|. */
    private static void assertWithin(float[] expected, float[] actual, double relative, String where) {
        double worst = 0;
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(largest > 0, where + ": all logits are 0");
        assertTrue(worst <= relative * largest, where + ": largest difference " + worst + " for logits up to " + largest);
    }

    private static void compare(Path folder, int rows, int steps) throws Exception {
        try (Gpt2Model torch = Gpt2Model.load(folder, Device.cpu(), new Gpt2Model.LoadOptions(1, false, false));
                Gpt2Model kernel = Gpt2Model.load(folder, Device.cpu(), new Gpt2Model.LoadOptions(2, true, false))) {
            assertEquals("pytorch", torch.decodePath());
            assertEquals("cpu kernel, 2 threads", kernel.decodePath());
            KvCache torchCache = torch.newCache();
            KvCache kernelCache = kernel.newCache();
            float[] torchFirst = torch.nextTokenLogits(new int[][] {PROMPT}, torchCache)[0];
            float[] kernelFirst = kernel.nextTokenLogits(new int[][] {PROMPT}, kernelCache)[0];
            assertClose(torchFirst, kernelFirst, "prefill");
            try (Decoder a = torch.decoder(torchCache, rows); Decoder b = kernel.decoder(kernelCache, rows)) {
                for (int step = 0; step < steps; step++) {
                    int[] tokens = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        tokens[r] = (step * 7919 + r * 104729) % 50257; // different per row and step
                    }
                    float[][] expected = a.step(tokens);
                    float[][] actual = b.step(tokens);
                    for (int r = 0; r < rows; r++) {
                        assertClose(expected[r], actual[r], "step " + step + " row " + r);
                    }
                    assertEquals(a.length(), b.length());
                }
                assertEquals(PROMPT.length + steps, b.length());
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-4, where + ": largest difference " + worst);
    }
}
