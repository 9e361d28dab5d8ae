package org.writeahead.engine;

/**
 * One continuation: the exact text to insert at the caret, and the token ids that were sampled
 * for it (with token healing the first id also spells the prompt's last, removed, token).
 */
public record Suggestion(String text, int[] tokenIds) {}
