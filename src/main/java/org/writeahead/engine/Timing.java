package org.writeahead.engine;

/**
 * Where the time of one completion went, in milliseconds.
 *
 * @param prefill feeding the prompt (tokenizing included)
 * @param firstToken from the request until every row had its first token
 * @param perStep mean time of one decode step after the first token (0 when there was none)
 * @param total the whole request
 * @param steps decode steps run after the prefill
 */
public record Timing(double prefill, double firstToken, double perStep, double total, int steps) {}
