package org.writeahead.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.writeahead.testing.Fixtures;
import org.writeahead.weights.CheckpointException;

class Gpt2TokenizerTest {

    private static Gpt2Tokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Gpt2Tokenizer.load(Fixtures.GPT2_TOKENIZER);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static String roundTrip(String text) {
        return new String(tokenizer.bytes(tokenizer.encode(text)), StandardCharsets.UTF_8);
    }

    @Test
    void encodesAsGpt2Does() throws Exception {
        for (Fixtures.Case c : Fixtures.cases()) {
            assertArrayEquals(c.ids(), tokenizer.encode(c.prompt()), c.prompt());
        }
        assertArrayEquals(new int[] {220}, tokenizer.encode(" "));
        assertArrayEquals(new int[0], tokenizer.encode(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Emoji 😀👍🏽 and 👨‍👩‍👧 family",
        "中文文本，日本語のテキスト、한국어",
        "tabs\tbetween\t\twords\t",
        "blank\n\n\nlines\n\n",
        "trailing spaces   ",
        "   leading spaces",
        "curly “quotes” and ‘apostrophes’ — dashes…",
        "\r\nwindows\r\nlines",
        "é, ñ, ü, ß and combining e\u0301",
    })
    void roundTripsExactly(String text) {
        assertEquals(text, roundTrip(text));
    }

    @Test
    void textThatSpellsASpecialTokenIsPlainText() {
        int[] ids = tokenizer.encode("the end<|endoftext|>The start");
        assertFalse(Arrays.stream(ids).anyMatch(id -> id == 50256), Arrays.toString(ids));
        assertEquals("the end<|endoftext|>The start", roundTrip("the end<|endoftext|>The start"));
        assertTrue(tokenizer.vocab().isSpecial(50256));
        assertEquals(0, tokenizer.bytes(new int[] {50256}).length, "end-of-text is never shown as text");
    }

    @Test
    void aHundredThousandWordPromptKeepsItsEndAndIsFast() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(i % 17 == 0 ? "Paragraph.\n\n" : "word").append(i % 13).append(' ');
        }
        text.append("the very end");
        String document = text.toString();
        int[] all = tokenizer.encode(document);
        assertTrue(all.length > 200_000, "no truncation at 512: " + all.length);

        long start = System.nanoTime();
        int[] tail = tokenizer.encodeTail(document, 1000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 1000, all.length), tail);
        assertTrue(millis < 1000, "tail tokenization took " + millis + " ms");
    }

    @Test
    void tailOfShortAndSpacelessText() {
        assertArrayEquals(tokenizer.encode("short text"), tokenizer.encodeTail("short text", 100));
        String cjk = "中文文本".repeat(2000);
        int[] all = tokenizer.encode(cjk);
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 50, all.length), tokenizer.encodeTail(cjk, 50));
        assertEquals(0, tokenizer.encodeTail("anything", 0).length);
    }

    @Test
    void aBrokenTokenizerFileIsNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("tokenizer.json");
        Files.writeString(bad, "{ not json");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Gpt2Tokenizer.load(bad));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        CheckpointException missing = assertThrows(CheckpointException.class, () -> Gpt2Tokenizer.load(dir.resolve("nope/tokenizer.json")));
        assertTrue(missing.getMessage().contains("no tokenizer.json"), missing.getMessage());
    }
}
