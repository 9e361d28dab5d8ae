package org.writeahead.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/tiny-gpt2/model.safetensors");

    @TempDir
    Path dir;

    // ---- round trips through the writer ----

    private static final float[] VALUES = {0f, 1f, -2.5f, 0.1f, 65504f, 1e-3f, -0.0f, 3.14159265f,
        1e-7f, 123.456f, Float.POSITIVE_INFINITY, -7f};

    private Map<String, TensorData> oneOfEach() {
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("a.f32", new TensorData(Dtype.F32, new long[] {3, 4}, VALUES));
        m.put("b.f16", new TensorData(Dtype.F16, new long[] {12}, VALUES));
        m.put("c.bf16", new TensorData(Dtype.BF16, new long[] {2, 2, 3}, VALUES));
        m.put("d.scalar", new TensorData(Dtype.F32, new long[] {}, new float[] {42f}));
        m.put("e.empty", new TensorData(Dtype.F16, new long[] {0, 5}, new float[0]));
        return m;
    }

    @Test
    void roundTripAllDtypes() throws IOException {
        Path file = dir.resolve("rt.safetensors");
        SafetensorsWriter.write(file, oneOfEach(), Map.of("format", "pt"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("a.f32", "b.f16", "c.bf16", "d.scalar", "e.empty"), List.copyOf(f.tensors().keySet()));
            assertEquals(Map.of("format", "pt"), f.metadata());

            TensorInfo a = f.tensors().get("a.f32");
            assertEquals(Dtype.F32, a.dtype());
            assertArrayEquals(new long[] {3, 4}, a.shape());
            assertEquals(12, a.elementCount());
            assertEquals(0, a.begin());
            assertEquals(48, a.end());
            assertEquals(file, a.file());
            assertArrayEquals(VALUES, f.floats("a.f32")); // bit-exact for F32

            float[] h = f.floats("b.f16");
            float[] b = f.floats("c.bf16");
            for (int i = 0; i < VALUES.length; i++) {
                assertEquals(HalfFloats.fromHalf(HalfFloats.toHalf(VALUES[i])), h[i]);
                assertEquals(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(VALUES[i])), b[i]);
                if (Float.isFinite(VALUES[i]) && Math.abs(VALUES[i]) > 1e-4f) {
                    assertEquals(VALUES[i], h[i], Math.abs(VALUES[i]) * 0x1p-11f, "f16 " + i);
                    assertEquals(VALUES[i], b[i], Math.abs(VALUES[i]) * 0x1p-8f, "bf16 " + i);
                }
            }
            assertEquals(65504f, h[4]);
            assertEquals(Float.POSITIVE_INFINITY, h[10]);
            assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(h[6]));
            assertEquals(3.140625f, b[7]); // bf16 0x4049
            assertEquals(3.140625f, h[7]); // f16 0x4248

            assertArrayEquals(new float[] {42f}, f.floats("d.scalar"));
            assertEquals(1, f.tensors().get("d.scalar").elementCount());
            assertEquals(0, f.floats("e.empty").length);
        }
    }

    @Test
    void writerLayoutIsBitExact() throws IOException {
        Path file = dir.resolve("bits.safetensors");
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("x", new TensorData(Dtype.F16, new long[] {2}, new float[] {1f, -2f}));
        m.put("y", new TensorData(Dtype.BF16, new long[] {1}, new float[] {1f}));
        m.put("z", new TensorData(Dtype.F32, new long[] {1}, new float[] {1f}));
        SafetensorsWriter.write(file, m, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = bb.getLong(0);
        assertEquals(0, headerLen % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}"), header);
        // Padding after the JSON is spaces only, as the Python library writes it.
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}"), header);
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
        int d = 8 + (int) headerLen;
        assertEquals(d + 10, bytes.length);
        assertEquals((short) 0x3C00, bb.getShort(d));
        assertEquals((short) 0xC000, bb.getShort(d + 2));
        assertEquals((short) 0x3F80, bb.getShort(d + 4));
        assertEquals(0x3F800000, bb.getInt(d + 6));
    }

    @Test
    void writeIsAtomicAndReplacesExisting() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Files.writeString(file, "old contents");
        SafetensorsWriter.write(file, oneOfEach(), null);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(5, f.tensors().size());
            assertTrue(f.metadata().isEmpty());
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temp files left behind");
        }
    }

    @Test
    void float32BufferIsDirectLittleEndian() throws IOException {
        Path file = dir.resolve("rt.safetensors");
        SafetensorsWriter.write(file, oneOfEach(), Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : List.of("a.f32", "b.f16", "c.bf16")) {
                ByteBuffer buf = f.float32(name);
                assertTrue(buf.isDirect(), name);
                assertEquals(ByteOrder.LITTLE_ENDIAN, buf.order(), name);
                assertEquals(0, buf.position());
                assertEquals(48, buf.remaining(), name);
                assertEquals(-2.5f, buf.getFloat(8), name);
            }
        }
    }

    /**
     * A sparse file over 4 GiB: the small tensor after the huge one lies beyond what one mapping
     * could reach, so this proves the per-tensor mapping. Sparse files cost no disk on Linux/macOS.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void fileLargerThan4GiB() throws IOException {
        long padElements = 2_200_000_000L; // F16: 4.4e9 bytes
        long padBytes = padElements * 2;
        String header = "{\"pad\":{\"dtype\":\"F16\",\"shape\":[" + padElements + "],\"data_offsets\":[0,"
                + padBytes + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + padBytes + ","
                + (padBytes + 8) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer start = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
            start.putLong(h.length).put(h);
            raf.write(start.array());
            raf.seek(8 + h.length + padBytes);
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f);
            raf.write(tail.array());
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1.5f, -3f}, f.floats("tail"));
            CheckpointException e = assertThrows(CheckpointException.class, () -> f.float32("pad"));
            assertEquals("huge.safetensors: tensor pad is larger than 2 GiB as float32, which is not supported",
                    e.getMessage());
        }
    }

    // ---- the real fixture ----

    @Test
    void realFixtureOpens() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
            assertEquals(28, f.tensors().size());
            assertEquals("wte.weight", f.tensors().keySet().iterator().next());
            assertEquals(Map.of("format", "pt"), f.metadata());
            TensorInfo qkv = f.tensors().get("h.0.attn.c_attn.weight");
            assertEquals(Dtype.F32, qkv.dtype());
            assertArrayEquals(new long[] {32, 96}, qkv.shape());
            assertEquals(6441600, qkv.begin());
            assertEquals(6453888, qkv.end());
            assertArrayEquals(new long[] {50257, 32}, f.tensors().get("wte.weight").shape());
            float[] w = f.floats("h.0.attn.c_attn.weight");
            assertEquals(32 * 96, w.length);
            // Spot check against a direct read of the file.
            ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(FIXTURE)).order(ByteOrder.LITTLE_ENDIAN);
            long data = 8 + raw.getLong(0);
            assertEquals(raw.getFloat((int) (data + qkv.begin())), w[0]);
            assertEquals(raw.getFloat((int) (data + qkv.end() - 4)), w[w.length - 1]);
        }
    }

    // ---- broken files ----

    private CheckpointException openFails(Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": "), e.getMessage());
        return e;
    }

    /** A file with the given header text (unpadded) followed by {@code dataBytes} zero bytes. */
    private Path raw(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h);
        Path file = dir.resolve(name);
        Files.write(file, bb.array());
        return file;
    }

    @Test
    void truncatedFixture() throws IOException {
        byte[] all = Files.readAllBytes(FIXTURE);
        Path file = dir.resolve("model.safetensors");
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 100));
        CheckpointException e = openFails(file);
        assertEquals("model.safetensors: file is truncated (tensor h.1.mlp.c_proj.bias ends at byte "
                + all.length + ", file has " + (all.length - 100) + " bytes)", e.getMessage());
    }

    @Test
    void tooShort() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertTrue(openFails(file).getMessage().contains("too short"));
    }

    @Test
    void cutInsideTheHeaderSaysTruncated() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        ByteBuffer bb = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 5000);
        Files.write(file, bb.array());
        assertEquals("cut.safetensors: file is truncated (its header alone needs 5008 bytes, the file has 64)",
                openFails(file).getMessage());
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path file = dir.resolve("big.safetensors");
        ByteBuffer bb = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 9999999999L);
        Files.write(file, bb.array());
        assertEquals("big.safetensors: not a safetensors file (header length 9999999999 is larger than the file)",
                openFails(file).getMessage());
        bb.putLong(0, -1L); // 2^64 - 1 unsigned
        Files.write(file, bb.array());
        assertTrue(openFails(file).getMessage().contains("header length 18446744073709551615"));
    }

    @Test
    void headerNotJson() throws IOException {
        assertTrue(openFails(raw("a.safetensors", "this is not json", 0)).getMessage()
                .contains("not a safetensors file (header is not valid JSON"));
        assertTrue(openFails(raw("b.safetensors", "[1,2,3]", 0)).getMessage()
                .contains("header is not a JSON object"));
        assertTrue(openFails(raw("c.safetensors", "{\"x\":{}} trailing", 0)).getMessage()
                .contains("not valid JSON"));
        assertTrue(openFails(raw("d.safetensors", "", 0)).getMessage().contains("not a safetensors file"));
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path file = raw("o.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertEquals("o.safetensors: header lies about offsets (tensors a and b overlap at bytes 4..8)",
                openFails(file).getMessage());
    }

    @Test
    void offsetsDisagreeWithShape() throws IOException {
        Path file = raw("s.safetensors", "{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertEquals("s.safetensors: header lies about offsets (tensor a is F16 [3] and needs 6 bytes,"
                + " but its offsets [0, 8] hold 8)", openFails(file).getMessage());
        Path rev = raw("r.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8);
        assertTrue(openFails(rev).getMessage().contains("header lies about offsets"));
    }

    @Test
    void tensorPastEndOfFile() throws IOException {
        Path file = raw("t.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertTrue(openFails(file).getMessage().contains("truncated (tensor a ends at byte"));
    }

    @Test
    void badShapeEntries() throws IOException {
        assertTrue(openFails(raw("n.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0))
                .getMessage().contains("tensor a has a bad shape entry -1"));
        assertTrue(openFails(raw("f.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,6]}}", 8))
                .getMessage().contains("bad shape entry"));
        assertTrue(openFails(raw("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", 0))
                .getMessage().contains("tensor a has no shape array"));
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path file = raw("i.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertEquals("i.safetensors: tensor ids has unsupported dtype I64 (only F32, F16 and BF16 are supported)",
                openFails(file).getMessage());
        Path f64 = raw("d.safetensors", "{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertTrue(openFails(f64).getMessage().contains("tensor w has unsupported dtype F64"));
        assertThrows(IllegalArgumentException.class, () -> Dtype.parse("I64"));
        assertEquals(Dtype.BF16, Dtype.parse("BF16"));
        assertEquals(2, Dtype.BF16.byteSize());
    }

    @Test
    void missingFile() {
        CheckpointException e = openFails(dir.resolve("nope.safetensors"));
        assertTrue(e.getMessage().contains("file not found"));
    }

    @Test
    void unknownTensorName() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> f.float32("nope"));
            assertEquals("model.safetensors: has no tensor named nope", e.getMessage());
        }
    }
}
