package org.writeahead.generate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The vocabulary of a GPT-2 style byte-level BPE tokenizer, as raw bytes per token id.
 *
 * <p>Generation works on bytes, not strings: a token can end halfway through a UTF-8 character,
 * and token healing needs to ask "which tokens begin with these bytes?". GPT-2 stores each
 * token as a string in which every byte was replaced by a printable character (the
 * {@code bytes_to_unicode} table); this class undoes that mapping once, at load time.
 *
 * <p>Special added tokens (flag {@code "special": true}, such as {@code <|endoftext|>}) stand for
 * no text: their bytes are empty and {@link #isSpecial} is true. Ids missing from the file are
 * treated the same way, so they can never be offered as text. Non-special added tokens stand
 * for their content's UTF-8 bytes. A vocabulary character outside the byte table (not
 * expected in GPT-2 files) is kept as its own UTF-8 bytes rather than rejected.
 */
public final class ByteLevelVocab {
    private static final String END_OF_TEXT = "<|endoftext|>";
    private static final byte[] EMPTY = new byte[0];

    /** Unicode character -> byte, the inverse of GPT-2's bytes_to_unicode; -1 if unmapped. */
    private static final int[] CHAR_TO_BYTE = buildCharToByte();

    private final byte[][] bytesById;
    private final BitSet special;
    private final Map<String, Integer> idByToken;
    private final int eosId;
    /** Non-special ids sorted by their bytes (unsigned, lexicographic), for prefix queries. */
    private final int[] idsByBytes;

    private ByteLevelVocab(
            byte[][] bytesById, BitSet special, Map<String, Integer> idByToken, int eosId) {
        this.bytesById = bytesById;
        this.special = special;
        this.idByToken = idByToken;
        this.eosId = eosId;
        this.idsByBytes = IntStream.range(0, bytesById.length)
                .filter(id -> !special.get(id))
                .boxed()
                .sorted((a, b) -> Arrays.compareUnsigned(bytesById[a], bytesById[b]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * GPT-2's table: the printable ranges '!'..'~', '¡'..'¬' and '®'..'ÿ' map to themselves;
     * the remaining 68 bytes, in increasing order, map to U+0100, U+0101, and so on.
     */
    private static int[] buildCharToByte() {
        int[] charToByte = new int[256 + 68];
        Arrays.fill(charToByte, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            charToByte[printable ? b : next++] = b;
        }
        return charToByte;
    }

    /** Reads {@code model.vocab} and {@code added_tokens} from a Hugging Face tokenizer.json. */
    public static ByteLevelVocab load(Path tokenizerJson) throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(reader).getAsJsonObject();
        } catch (RuntimeException e) { // Gson reports syntax and shape errors unchecked
            throw new IOException("cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
        JsonObject model = root.getAsJsonObject("model");
        if (model == null || !model.has("vocab") || !model.get("vocab").isJsonObject()) {
            throw new IOException("tokenizer " + tokenizerJson + " has no model.vocab object");
        }

        Map<String, Integer> idByToken = new HashMap<>();
        Map<Integer, byte[]> bytes = new HashMap<>();
        int size = 0;
        for (Map.Entry<String, JsonElement> e : model.getAsJsonObject("vocab").entrySet()) {
            int id = e.getValue().getAsInt();
            idByToken.put(e.getKey(), id);
            bytes.put(id, decodeToken(e.getKey()));
            size = Math.max(size, id + 1);
        }

        BitSet special = new BitSet();
        JsonArray added = root.has("added_tokens") && root.get("added_tokens").isJsonArray()
                ? root.getAsJsonArray("added_tokens")
                : new JsonArray();
        for (JsonElement el : added) {
            JsonObject t = el.getAsJsonObject();
            int id = t.get("id").getAsInt();
            String content = t.get("content").getAsString();
            boolean isSpecial = !t.has("special") || t.get("special").getAsBoolean();
            idByToken.put(content, id);
            size = Math.max(size, id + 1);
            if (isSpecial) {
                special.set(id);
                bytes.put(id, EMPTY);
            } else {
                bytes.put(id, content.getBytes(StandardCharsets.UTF_8));
            }
        }

        byte[][] bytesById = new byte[size][];
        for (int id = 0; id < size; id++) {
            byte[] b = bytes.get(id);
            if (b == null) {
                special.set(id); // a gap in the ids: no text to offer
                b = EMPTY;
            }
            bytesById[id] = b;
        }
        Integer eos = idByToken.get(END_OF_TEXT);
        return new ByteLevelVocab(bytesById, special, idByToken, eos == null ? -1 : eos);
    }

    /** Turns a vocabulary string back into the bytes it encodes. */
    private static byte[] decodeToken(String token) {
        byte[] out = new byte[token.length() * 4];
        int n = 0;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            i += Character.charCount(cp);
            int b = cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
            if (b >= 0) {
                out[n++] = (byte) b;
            } else {
                for (byte raw : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out[n++] = raw;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The raw bytes token {@code id} stands for; empty for special tokens. A fresh copy. */
    public byte[] bytes(int id) {
        checkId(id);
        return bytesById[id].clone();
    }

    public boolean isSpecial(int id) {
        checkId(id);
        return special.get(id);
    }

    /** Number of ids, i.e. the length of a row of logits. */
    public int size() {
        return bytesById.length;
    }

    /** Id of {@code <|endoftext|>}, or -1 if the vocabulary has none. */
    public int eosId() {
        return eosId;
    }

    /** Id of a token given as the tokenizer file spells it (e.g. "Ġthe"), or -1. */
    public int idOfToken(String token) {
        Integer id = idByToken.get(token);
        return id == null ? -1 : id;
    }

    /**
     * Every non-special id whose bytes start with {@code prefix}, for token healing. Those ids
     * form one contiguous run of the byte-sorted ids, found by two binary searches.
     */
    public BitSet idsStartingWith(byte[] prefix) {
        int from = firstWithTruncatedCompare(prefix, false);
        int to = firstWithTruncatedCompare(prefix, true);
        BitSet result = new BitSet(bytesById.length);
        for (int i = from; i < to; i++) {
            result.set(idsByBytes[i]);
        }
        return result;
    }

    /**
     * First index in {@link #idsByBytes} whose bytes, cut to the prefix's length, compare
     * {@code >= prefix} (or {@code > prefix} when {@code strictlyAfter}). Cutting preserves the
     * sort order, so both predicates are monotone and binary search applies.
     */
    private int firstWithTruncatedCompare(byte[] prefix, boolean strictlyAfter) {
        int lo = 0;
        int hi = idsByBytes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            byte[] b = bytesById[idsByBytes[mid]];
            int c = Arrays.compareUnsigned(
                    b, 0, Math.min(b.length, prefix.length), prefix, 0, prefix.length);
            if (strictlyAfter ? c > 0 : c >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private void checkId(int id) {
        if (id < 0 || id >= bytesById.length) {
            throw new IllegalArgumentException(
                    "token id must be between 0 and " + (bytesById.length - 1) + ", got " + id);
        }
    }
}
