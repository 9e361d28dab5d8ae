package org.writeahead.engine;

import java.util.Arrays;
import org.writeahead.generate.StopAt;
import org.writeahead.generate.StopRule;
import org.writeahead.generate.TokenHistory;
import org.writeahead.generate.Utf8Stream;

/** One suggestion while it is being sampled: its tokens, its text so far, whether it ended. */
final class RowState {

    final TokenHistory history;
    private final Utf8Stream text = new Utf8Stream();
    private int[] ids = new int[8];
    private int count;
    private int prefixBytesLeft;
    private boolean finished;
    private String cutText;

    RowState(TokenHistory history, int prefixBytes) {
        this.history = history;
        this.prefixBytesLeft = prefixBytes;
    }

    /** Adds a sampled token and its bytes, dropping what remains of the healed prefix. */
    void add(int id, byte[] bytes) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        history.add(id);
        int skip = Math.min(prefixBytesLeft, bytes.length);
        prefixBytesLeft -= skip;
        text.append(skip == 0 ? bytes : Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    /** Ends the row at a sentence or paragraph end if the text now has one; true if it ended. */
    boolean applyStop(StopAt stopAt) {
        if (stopAt == StopAt.NONE) {
            return false;
        }
        String current = text.text();
        int cut = StopRule.cutIndex(current, stopAt, true);
        if (cut >= 0) {
            cutText = current.substring(0, cut);
            finished = true;
            return true;
        }
        return false;
    }

    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }

    /** True before the first token; cheap, for the decode loop (ids() copies). */
    boolean isEmpty() {
        return count == 0;
    }

    int lastId() {
        return ids[count - 1];
    }

    int[] ids() {
        return Arrays.copyOf(ids, count);
    }

    /** Whole characters so far, for streaming. */
    String partialText() {
        return cutText != null ? cutText : text.text();
    }

    /**
     * The final text. Bytes of a character the length limit cut in half are left out: half an
     * emoji is not worth a replacement character in the user's document.
     */
    String finalText() {
        return partialText();
    }
}
