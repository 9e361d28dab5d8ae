package org.writeahead.engine;

import java.util.List;

/**
 * The result of one request: distinct suggestions in row order, how many prompt tokens the model
 * saw, the timing, and whether it ended early because it was cancelled or ran out of time.
 */
public record Completion(List<Suggestion> suggestions, int promptTokens, Timing timing, boolean cancelled, boolean timedOut) {}
