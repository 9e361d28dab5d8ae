package org.writeahead.weights;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.writeahead.io.AtomicFiles;

/**
 * Writes safetensors files (and the index of a sharded checkpoint) that the Python
 * {@code safetensors} library reads back: 8-byte little-endian header length, a JSON header padded
 * with spaces to a multiple of 8 (so the data section is aligned), then tensor bytes in the order
 * given. Writes are atomic (see {@link AtomicFiles}).
 */
public final class SafetensorsWriter {
    /** Values converted per write call; bounds the staging buffer whatever the tensor size. */
    private static final int CHUNK_ELEMENTS = 1 << 16;

    private SafetensorsWriter() {}

    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFiles.writeFully(ch, len);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorData t : tensors.values()) {
                writeValues(ch, buf, t);
            }
        });
    }

    /**
     * Writes {@code model.safetensors.index.json} in the Hugging Face layout:
     * {@code {"metadata": {"total_size": N}, "weight_map": {tensor: shard file name}}}.
     */
    public static void writeIndex(Path folder, Map<String, String> weightMap, long totalSize)
            throws IOException {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("total_size", totalSize);
        root.add("metadata", meta);
        JsonObject map = new JsonObject();
        weightMap.forEach(map::addProperty);
        root.add("weight_map", map);
        byte[] bytes = new GsonBuilder().setPrettyPrinting().create().toJson(root)
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(Checkpoint.INDEX_FILE),
                ch -> AtomicFiles.writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    static byte[] header(Map<String, TensorData> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add(SafetensorsHeader.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
            }
            TensorData t = e.getValue();
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            Arrays.stream(t.shape()).forEach(shape::add);
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += t.byteLength();
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            root.add(e.getKey(), entry);
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeValues(java.nio.channels.FileChannel ch, ByteBuffer buf, TensorData t)
            throws IOException {
        float[] v = t.values();
        for (int start = 0; start < v.length; start += CHUNK_ELEMENTS) {
            int stop = Math.min(v.length, start + CHUNK_ELEMENTS);
            buf.clear();
            for (int i = start; i < stop; i++) {
                switch (t.dtype()) {
                    case F32 -> buf.putFloat(v[i]);
                    case F16 -> buf.putShort(HalfFloats.toHalf(v[i]));
                    case BF16 -> buf.putShort(HalfFloats.toBfloat16(v[i]));
                }
            }
            buf.flip();
            AtomicFiles.writeFully(ch, buf);
        }
    }
}
