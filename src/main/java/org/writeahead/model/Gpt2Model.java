package org.writeahead.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import org.writeahead.model.cpu.CpuGpt2;
import org.writeahead.model.cpu.CpuKernel;
import org.writeahead.model.cpu.CpuRows;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;

/**
 * GPT-2's forward pass on DJL NDArrays, mirroring Hugging Face's {@code modeling_gpt2.py}.
 *
 * <p>Shapes in comments: B batch rows, T new positions, S cached + new positions, C n_embd,
 * H heads, D head size, V vocabulary. Every call runs in an {@link NDScope}: the temporaries of a
 * step are freed when it returns and only the grown {@link KvCache} survives, so memory stays
 * flat over thousands of steps. Not thread-safe: one caller at a time.
 */
public final class Gpt2Model implements AutoCloseable {

    private final Gpt2Config config;
    private final NDManager manager;
    private final Gpt2Weights weights;
    private final Device device;
    private final Gpt2Forward forward;
    private final CpuGpt2 cpuDecoder; // null: decode steps run through PyTorch

    private Gpt2Model(Gpt2Config config, NDManager manager, Gpt2Weights weights, CpuGpt2 cpuDecoder) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.device = manager.getDevice();
        this.forward = new Gpt2Forward(config, weights, manager);
        this.cpuDecoder = cpuDecoder;
    }

    /**
     * How to hold and run a loaded model.
     *
     * @param threads cores the CPU decode kernel splits a step over
     * @param cpuKernel decode steps on the CPU kernel ({@code model.cpu}) when it is available
     *     and the model is on the CPU in float32; otherwise through PyTorch
     * @param float16 weights and activations in float16 (the GPU default: half the memory and
     *     faster; on the CPU PyTorch's float16 matrix multiply is 20-50 times slower, so there it
     *     is only for tests)
     */
    public record LoadOptions(int threads, boolean cpuKernel, boolean float16) {

        /** All cores, the CPU kernel where it can run, float16 on a GPU. */
        public static LoadOptions defaults(Device device) {
            return new LoadOptions(Runtime.getRuntime().availableProcessors(), CpuKernel.available(), device.isGpu());
        }
    }

    /** Loads {@code config.json} and the safetensors weights of a Hugging Face GPT-2 folder. */
    public static Gpt2Model load(Path folder, Device device) throws CheckpointException {
        return load(folder, device, LoadOptions.defaults(device));
    }

    public static Gpt2Model load(Path folder, Device device, LoadOptions options) throws CheckpointException {
        Gpt2Config config = Gpt2Config.read(folder.resolve("config.json"));
        NDManager manager = NDManager.newBaseManager(device);
        boolean cpuKernel = options.cpuKernel() && !device.isGpu() && !options.float16() && CpuKernel.available();
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            // The kernel reads the blocks' weights [out, in]; PyTorch's decode is faster on the
            // checkpoint's [in, out] (README, "Speed"), so the layout follows the decode path.
            Gpt2Weights weights = Gpt2Weights.load(checkpoint, config, manager, cpuKernel);
            if (options.float16()) {
                weights = weights.toFloat16();
            }
            CpuGpt2 cpu = cpuKernel ? CpuGpt2.of(config, weights.named(), options.threads()) : null;
            return new Gpt2Model(config, manager, weights, cpu);
        } catch (CheckpointException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** "float16" or "float32": how the weights are held. */
    public String precision() {
        return weights.wte.getDataType() == DataType.FLOAT16 ? "float16" : "float32";
    }

    /** "cpu kernel (N threads)" or "pytorch": what runs the decode steps. */
    public String decodePath() {
        return cpuDecoder == null ? "pytorch" : "cpu kernel, " + cpuDecoder.threads() + " threads";
    }

    /**
     * The decode steps of {@code rows} continuations of a one-row cache that holds a prefilled
     * prompt. The rows grow on copies of their own: the cache is left as it is, still the
     * caller's, so that the next request can reuse the prompt.
     */
    public Decoder decoder(KvCache prefilled, int rows) {
        if (prefilled.length() == 0 || prefilled.batch() != 1) {
            throw new IllegalArgumentException("the decoder needs a prefilled one-row cache");
        }
        if (cpuDecoder == null) {
            return new PyTorchDecoder(prefilled.forkRows(rows));
        }
        int layers = config.nLayer();
        java.nio.FloatBuffer[] keys = new java.nio.FloatBuffer[layers];
        java.nio.FloatBuffer[] values = new java.nio.FloatBuffer[layers];
        CpuRows state;
        // Read through contiguous views in a scratch manager: reading a strided array makes a
        // contiguous one in the array's manager, which would otherwise stay in the prompt's cache.
        // The views are copied (into the kernel's layouts) before the scratch manager closes.
        try (NDManager scratch = manager.newSubManager()) {
            for (int l = 0; l < layers; l++) {
                keys[l] = contiguousView(prefilled.key(l), scratch);
                values[l] = contiguousView(prefilled.value(l), scratch);
            }
            state = cpuDecoder.start(keys, values, prefilled.length(), rows);
        }
        return new Decoder() {
            @Override
            public float[][] step(int[] tokens) {
                checkTokens(tokens);
                return state.step(tokens);
            }

            @Override
            public int length() {
                return state.length();
            }

            @Override
            public void close() {
                // Java arrays only: the garbage collector frees them.
            }
        };
    }

    private static java.nio.FloatBuffer contiguousView(NDArray array, NDManager scratch) {
        // reshape to the same shape: a view when the array is contiguous, else one contiguous copy.
        NDArray readable = array.reshape(array.getShape());
        readable.attach(scratch);
        return readable.toByteBuffer(true).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** Decode steps through PyTorch's batched forward, the prompt's cache repeated for the rows. */
    private final class PyTorchDecoder implements Decoder {
        private final KvCache cache;

        PyTorchDecoder(KvCache cache) {
            this.cache = cache;
        }

        @Override
        public float[][] step(int[] tokens) {
            int[][] batch = new int[tokens.length][];
            for (int r = 0; r < tokens.length; r++) {
                batch[r] = new int[] {tokens[r]};
            }
            return nextTokenLogits(batch, cache);
        }

        @Override
        public int length() {
            return cache.length();
        }

        @Override
        public void close() {
            cache.close();
        }
    }

    private void checkTokens(int[] tokens) {
        for (int id : tokens) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary");
            }
        }
    }

    public Gpt2Config config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public KvCache newCache() {
        return new KvCache(manager, config.nLayer());
    }

    /**
     * Feeds T new tokens for each of B rows after what the cache holds, grows the cache, and
     * returns the logits of each row's last position, [B][V]. All rows must have the same T.
     */
    public float[][] nextTokenLogits(int[][] tokens, KvCache cache) {
        int rows = tokens.length;
        int t = tokens[0].length;
        checkBatch(tokens, cache);
        try (NDScope ignored = new NDScope()) {
            NDArray hidden = transformer(tokens, cache); // [B, T, C]
            NDArray last = hidden.get(new NDIndex(":, -1, :")); // [B, C]
            NDArray logits = head(last); // [B, V]
            float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
            float[][] out = new float[rows][];
            int v = config.vocabSize();
            for (int r = 0; r < rows; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * v, (r + 1) * v);
            }
            cache.advance(cache.length() + t, rows);
            return out;
        }
    }

    /**
     * Log-probability of each token given the ones before it, for one sequence that fits the
     * context after what the cache holds: element i is log p(tokens[i+1] | ..tokens[i]), so the
     * array is one shorter than {@code tokens}. Used by perplexity; the full-vocabulary softmax stays
     * on the device and only T numbers come back.
     */
    public double[] tokenLogProbs(int[] tokens, KvCache cache) {
        int[][] batch = {tokens};
        checkBatch(batch, cache);
        try (NDScope ignored = new NDScope()) {
            NDArray hidden = transformer(batch, cache).get(0); // [T, C]
            NDArray logProbs = head(hidden).toType(DataType.FLOAT32, false).logSoftmax(-1); // [T, V]
            long[] next = new long[tokens.length - 1];
            for (int i = 0; i < next.length; i++) {
                next[i] = tokens[i + 1];
            }
            NDArray targets = manager.create(next).reshape(next.length, 1);
            NDArray picked = logProbs.get(new NDIndex("0:" + next.length)).gather(targets, 1); // [T-1, 1]
            float[] values = picked.toFloatArray();
            cache.advance(cache.length() + tokens.length, 1);
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }
    }

    private void checkBatch(int[][] tokens, KvCache cache) {
        int t = tokens[0].length;
        if (t == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        for (int[] row : tokens) {
            if (row.length != t) {
                throw new IllegalArgumentException("all rows must feed the same number of tokens");
            }
            for (int id : row) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the vocabulary");
                }
            }
        }
        if (cache.length() > 0 && cache.batch() != tokens.length) {
            throw new IllegalArgumentException("the cache holds " + cache.batch() + " rows, got " + tokens.length);
        }
        if (cache.length() + t > config.nPositions()) {
            throw new IllegalArgumentException("sequence of " + (cache.length() + t)
                    + " tokens is longer than the model's context of " + config.nPositions());
        }
    }

    /** Final hidden states (after ln_f) for the given rows of new tokens, [B, T, C]. */
    private NDArray transformer(int[][] tokens, KvCache cache) {
        int rows = tokens.length;
        int t = tokens[0].length;
        long[] ids = new long[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                ids[r * t + i] = tokens[r][i];
            }
        }
        return forward.hidden(manager.create(ids, new Shape(rows, t)), cache);
    }

    /** The output head for final hidden states [.., C] → [.., V]. */
    private NDArray head(NDArray hidden) {
        // lm_head is [V, C], which is exactly linear's [out, in] layout: no transpose is made.
        return Linear.linear(hidden, weights.lmHead).head();
    }

    @Override
    public void close() {
        if (cpuDecoder != null) {
            cpuDecoder.close();
        }
        manager.close();
    }
}
