package org.writeahead.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.writeahead.generate.ByteLevelVocab;
import org.writeahead.weights.CheckpointException;

/**
 * Text to GPT-2 token ids with DJL's Hugging Face tokenizer, and ids back to bytes.
 *
 * <p>Three deliberate departures from the tokenizer's defaults:
 * <ul>
 *   <li>truncation and padding are off: the default cuts at 512 tokens and keeps the start, the
 *       wrong end for a writer whose caret is at the end;</li>
 *   <li>the {@code added_tokens} are dropped before the tokenizer is built, so text that spells
 *       {@code <|endoftext|>} is encoded as the plain characters the user typed;</li>
 *   <li>ids are decoded through {@link ByteLevelVocab} into raw bytes, never to a String, so a
 *       token that ends inside a UTF-8 character can be held back rather than shown broken.</li>
 * </ul>
 */
public final class Gpt2Tokenizer implements AutoCloseable {

    /** Characters per token assumed for the first try at tokenizing only a tail of the text. */
    private static final int CHARS_PER_TOKEN_GUESS = 6;

    private final HuggingFaceTokenizer tokenizer;
    private final ByteLevelVocab vocab;

    private Gpt2Tokenizer(HuggingFaceTokenizer tokenizer, ByteLevelVocab vocab) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
    }

    public static Gpt2Tokenizer load(Path tokenizerJson) throws CheckpointException {
        String text;
        try {
            text = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(tokenizerJson.getParent() + " has no tokenizer.json");
        } catch (IOException e) {
            throw new CheckpointException(tokenizerJson + ": cannot be read (" + e.getMessage() + ")");
        }
        byte[] plain;
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            JsonObject model = json.getAsJsonObject("model");
            if (model == null || !"BPE".equals(model.get("type").getAsString())) {
                throw new CheckpointException(tokenizerJson + ": not a byte-level BPE tokenizer (GPT-2's kind)");
            }
            json.add("added_tokens", new JsonArray());
            json.add("truncation", null);
            json.add("padding", null);
            plain = json.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new CheckpointException(tokenizerJson + ": not a valid tokenizer.json");
        }
        ByteLevelVocab vocab;
        try {
            vocab = ByteLevelVocab.load(tokenizerJson);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(tokenizerJson + ": cannot read the vocabulary (" + e.getMessage() + ")");
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false");
        try {
            return new Gpt2Tokenizer(HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(plain), options), vocab);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(tokenizerJson + ": the tokenizer cannot be built (" + e.getMessage() + ")");
        }
    }

    public ByteLevelVocab vocab() {
        return vocab;
    }

    /** All of the text's token ids. */
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * The last {@code maxTokens} token ids of the text, tokenizing only as much of its end as
     * needed: a window of characters that grows until it holds enough tokens or the whole text.
     * The window starts just before a word (at a space followed by a non-space), where GPT-2's
     * pre-tokenizer would split anyway, so the tail's tokens are those of the whole text.
     */
    public int[] encodeTail(String text, int maxTokens) {
        if (maxTokens <= 0) {
            return new int[0];
        }
        long window = (long) maxTokens * CHARS_PER_TOKEN_GUESS + 64;
        while (true) {
            if (window >= text.length()) {
                return last(encode(text), maxTokens);
            }
            int start = wordStart(text, text.length() - (int) window);
            int[] ids = encode(text.substring(start));
            if (start > 0 && ids.length > 0) {
                // The first token may be a fragment of something longer; never feed it.
                ids = Arrays.copyOfRange(ids, 1, ids.length);
            }
            if (ids.length >= maxTokens || start == 0) {
                return last(ids, maxTokens);
            }
            window *= 2;
        }
    }

    /** The first index at or after {@code from} where a space is followed by a non-space. */
    private static int wordStart(String text, int from) {
        for (int i = Math.max(from, 0); i + 1 < text.length(); i++) {
            if (text.charAt(i) == ' ' && !Character.isWhitespace(text.charAt(i + 1))) {
                return i;
            }
        }
        // No word boundary in the window: cut anywhere, but never between a surrogate pair.
        int start = Math.max(from, 0);
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start--;
        }
        return start;
    }

    private static int[] last(int[] ids, int n) {
        return ids.length <= n ? ids : Arrays.copyOfRange(ids, ids.length - n, ids.length);
    }

    /** The raw bytes the ids stand for; special tokens such as end-of-text stand for none. */
    public byte[] bytes(int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(vocab.bytes(id));
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
