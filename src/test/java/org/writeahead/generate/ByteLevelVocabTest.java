package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelVocabTest {
    private static final Path GPT2 = Path.of("src/test/resources/fixtures/gpt2-tokenizer/tokenizer.json");
    private static ByteLevelVocab vocab;

    @BeforeAll
    static void load() throws IOException {
        vocab = ByteLevelVocab.load(GPT2);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sizeAndEndOfText() {
        assertEquals(50_257, vocab.size());
        assertEquals(50_256, vocab.eosId());
        assertTrue(vocab.isSpecial(50_256));
        assertArrayEquals(new byte[0], vocab.bytes(50_256));
        assertFalse(vocab.isSpecial(262));
    }

    @Test
    void spaceMarkerDecodesToASpace() {
        int the = vocab.idOfToken("Ġthe");
        assertEquals(262, the);
        assertArrayEquals(utf8(" the"), vocab.bytes(the));
    }

    @Test
    void nonPrintableBytesDecode() {
        assertEquals(198, vocab.idOfToken("Ċ"));
        assertArrayEquals(new byte[] {'\n'}, vocab.bytes(198));
        assertArrayEquals(new byte[] {0}, vocab.bytes(vocab.idOfToken("Ā")));
        assertArrayEquals(new byte[] {(byte) 0xA0}, vocab.bytes(vocab.idOfToken("ł"))); // no-break space
        assertArrayEquals(new byte[] {(byte) 0xAD}, vocab.bytes(vocab.idOfToken("Ń"))); // soft hyphen
    }

    @Test
    void theFirst256TokensCoverEveryByte() {
        Set<Integer> seen = new HashSet<>();
        for (int id = 0; id < 256; id++) {
            byte[] b = vocab.bytes(id);
            assertEquals(1, b.length, "id " + id);
            seen.add(b[0] & 0xff);
        }
        assertEquals(256, seen.size());
    }

    @Test
    void bytesReturnsACopy() {
        vocab.bytes(262)[0] = 'X';
        assertArrayEquals(utf8(" the"), vocab.bytes(262));
    }

    @Test
    void unknownTokenAndBadIds() {
        assertEquals(-1, vocab.idOfToken("no such token here"));
        assertThrows(IllegalArgumentException.class, () -> vocab.bytes(-1));
        assertThrows(IllegalArgumentException.class, () -> vocab.bytes(50_257));
    }

    @Test
    void idsStartingWithAPrefix() {
        BitSet ids = vocab.idsStartingWith(utf8(" wor"));
        assertTrue(ids.get(vocab.idOfToken("Ġworld")));
        assertTrue(ids.get(vocab.idOfToken("Ġwor")));
        assertFalse(ids.get(vocab.idOfToken("Ġwo")));
        assertFalse(ids.get(vocab.idOfToken("world")));
        // Exactly the brute-force answer.
        BitSet expected = new BitSet();
        byte[] prefix = utf8(" wor");
        for (int id = 0; id < vocab.size(); id++) {
            byte[] b = vocab.bytes(id);
            if (!vocab.isSpecial(id) && b.length >= prefix.length
                    && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length)) {
                expected.set(id);
            }
        }
        assertEquals(expected, ids);
    }

    @Test
    void idsStartingWithHighBytes() {
        // 0xE2 0x80 starts ’ “ ” …; unsigned comparison must put these after ASCII.
        BitSet ids = vocab.idsStartingWith(new byte[] {(byte) 0xE2, (byte) 0x80});
        assertTrue(ids.get(vocab.idOfToken("âĢ¦"))); // …
        assertArrayEquals(utf8("…"), vocab.bytes(vocab.idOfToken("âĢ¦")));
        ids.stream().forEach(id -> assertEquals((byte) 0xE2, vocab.bytes(id)[0]));
    }

    @Test
    void emptyPrefixIsEveryNonSpecialToken() {
        BitSet all = vocab.idsStartingWith(new byte[0]);
        assertEquals(50_256, all.cardinality());
        assertFalse(all.get(50_256));
    }

    @Test
    void prefixQueriesAreFast() {
        byte[][] prefixes = {utf8(" wor"), utf8(" t"), utf8("ing"), utf8(" the"), utf8("\n")};
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            vocab.idsStartingWith(prefixes[i % prefixes.length]);
        }
        double msPerQuery = (System.nanoTime() - start) / 1e6 / 1000;
        assertTrue(msPerQuery < 1.0, "ms per query: " + msPerQuery);
    }

    @Test
    void tinyGpt2FixtureLoadsToo() throws IOException {
        ByteLevelVocab tiny = ByteLevelVocab.load(Path.of("src/test/resources/fixtures/tiny-gpt2/tokenizer.json"));
        assertEquals(50_256, tiny.eosId());
        assertArrayEquals(utf8(" the"), tiny.bytes(262));
    }

    @Test
    void addedTokensAndMissingEos(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, "{\"added_tokens\":[{\"id\":3,\"content\":\"<pad>\",\"special\":true},"
                + "{\"id\":4,\"content\":\"é!\",\"special\":false}],"
                + "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"Ġa\":1}}}");
        ByteLevelVocab v = ByteLevelVocab.load(json);
        assertEquals(5, v.size());
        assertEquals(-1, v.eosId());
        assertTrue(v.isSpecial(2), "a gap in the ids is never text");
        assertTrue(v.isSpecial(3));
        assertFalse(v.isSpecial(4));
        assertArrayEquals(utf8("é!"), v.bytes(4));
        BitSet all = v.idsStartingWith(new byte[0]);
        assertEquals(BitSet.valueOf(new long[] {0b10011}), all);
    }

    @Test
    void unreadableFilesAreIoErrors(@TempDir Path dir) throws IOException {
        assertThrows(IOException.class, () -> ByteLevelVocab.load(dir.resolve("missing.json")));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"model\": {\"vocab\": [1, 2");
        assertThrows(IOException.class, () -> ByteLevelVocab.load(broken));
        Path noVocab = dir.resolve("novocab.json");
        Files.writeString(noVocab, "{\"model\": {}}");
        assertThrows(IOException.class, () -> ByteLevelVocab.load(noVocab));
    }
}
