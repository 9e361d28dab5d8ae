package org.writeahead.weights;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the JSON header of one safetensors file. Every check that can be made
 * without touching tensor data is made here, so that a bad file fails on open with a clear message
 * instead of later with garbage numbers or a JVM crash inside native code.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * @param file the file, for the TensorInfo records and messages
     * @param headerBytes the header exactly as stored (after the 8-byte length)
     * @param fileSize the whole file's size, to check that every tensor fits
     */
    static SafetensorsHeader parse(Path file, byte[] headerBytes, long fileSize)
            throws CheckpointException {
        String label = label(file);
        JsonObject root = parseJsonObject(label, headerBytes);
        long dataStart = 8L + headerBytes.length;

        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(label, e.getValue());
            } else {
                TensorInfo info = parseTensor(label, file, e.getKey(), e.getValue());
                if (dataStart + info.end() > fileSize) {
                    throw new CheckpointException(label + ": file is truncated (tensor " + info.name()
                            + " ends at byte " + (dataStart + info.end()) + ", file has " + fileSize
                            + " bytes)");
                }
                tensors.put(info.name(), info);
            }
        }
        checkNoOverlap(label, tensors.values());
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata);
    }

    static String label(Path file) {
        Path name = file.getFileName();
        return name != null ? name.toString() : file.toString();
    }

    private static JsonObject parseJsonObject(String label, byte[] headerBytes)
            throws CheckpointException {
        String text;
        try {
            // Strict decoding: a header with invalid UTF-8 is corrupt, not something to guess at.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(label + ": not a safetensors file (header is not UTF-8 text)", e);
        }
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            // Strict JSON: Gson's default leniency would accept unquoted words and other garbage.
            reader.setStrictness(Strictness.STRICT);
            root = new Gson().getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("extra text after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(label + ": not a safetensors file (header is not valid JSON: "
                    + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new CheckpointException(label + ": not a safetensors file (header is not a JSON object)");
        }
        return root.getAsJsonObject();
    }

    private static Map<String, String> parseMetadata(String label, JsonElement value)
            throws CheckpointException {
        if (value.isJsonNull()) {
            return Map.of();
        }
        if (!value.isJsonObject()) {
            throw new CheckpointException(label + ": " + METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new CheckpointException(label + ": " + METADATA_KEY + " entry " + e.getKey()
                        + " is not a string");
            }
            out.put(e.getKey(), v.getAsString());
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseTensor(String label, Path file, String name, JsonElement value)
            throws CheckpointException {
        String where = label + ": tensor " + name;
        if (!value.isJsonObject()) {
            throw new CheckpointException(where + " is not described by a JSON object");
        }
        JsonObject obj = value.getAsJsonObject();

        JsonElement dtypeJson = obj.get("dtype");
        if (dtypeJson == null || !dtypeJson.isJsonPrimitive() || !dtypeJson.getAsJsonPrimitive().isString()) {
            throw new CheckpointException(where + " has no dtype");
        }
        Dtype dtype;
        try {
            dtype = Dtype.parse(dtypeJson.getAsString());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + " has unsupported dtype " + dtypeJson.getAsString()
                    + " (only F32, F16 and BF16 are supported)");
        }

        long[] shape = longArray(where, obj.get("shape"), "shape", -1);
        long[] offsets = longArray(where, obj.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new CheckpointException(label + ": header lies about offsets (tensor " + name
                    + " begins at " + begin + " but ends at " + end + ")");
        }
        long needed;
        try {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            needed = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + " has an impossibly large shape " + Arrays.toString(shape));
        }
        if (end - begin != needed) {
            throw new CheckpointException(label + ": header lies about offsets (tensor " + name + " is "
                    + dtype + " " + Arrays.toString(shape) + " and needs " + needed
                    + " bytes, but its offsets [" + begin + ", " + end + "] hold " + (end - begin) + ")");
        }
        return new TensorInfo(name, dtype, shape, begin, end, file);
    }

    /** A JSON array of non-negative integers; {@code length} -1 means any length. */
    private static long[] longArray(String where, JsonElement json, String field, int length)
            throws CheckpointException {
        if (json == null || !json.isJsonArray()) {
            throw new CheckpointException(where + " has no " + field + " array");
        }
        JsonArray arr = json.getAsJsonArray();
        if (length >= 0 && arr.size() != length) {
            throw new CheckpointException(where + " has " + field + " with " + arr.size()
                    + " numbers instead of " + length);
        }
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = nonNegativeLong(arr.get(i), where + " has a bad " + field + " entry " + arr.get(i));
        }
        return out;
    }

    private static long nonNegativeLong(JsonElement e, String message) throws CheckpointException {
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            try {
                BigDecimal d = new BigDecimal(p.getAsString());
                long v = d.longValueExact(); // rejects fractions and values beyond a long
                if (v >= 0) {
                    return v;
                }
            } catch (ArithmeticException | NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw new CheckpointException(message + " (expected a non-negative integer)");
    }

    /** Two tensors sharing bytes means the header is corrupt or hostile; refuse it. */
    private static void checkNoOverlap(String label, Iterable<TensorInfo> infos) throws CheckpointException {
        List<TensorInfo> sorted = new ArrayList<>();
        for (TensorInfo t : infos) {
            if (t.begin() < t.end()) { // empty tensors occupy no bytes and overlap nothing
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo prev = sorted.get(i - 1);
            TensorInfo cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw new CheckpointException(label + ": header lies about offsets (tensors " + prev.name()
                        + " and " + cur.name() + " overlap at bytes " + cur.begin() + ".."
                        + Math.min(prev.end(), cur.end()) + ")");
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}
