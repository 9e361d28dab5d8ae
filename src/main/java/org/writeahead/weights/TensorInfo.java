package org.writeahead.weights;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lives: its dtype, shape, and its byte range {@code [begin, end)} relative to the
 * start of the data section (just after the header) of {@code file}, exactly as the safetensors
 * header states it.
 */
public record TensorInfo(String name, Dtype dtype, long[] shape, long begin, long end, Path file) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        // Copied so that nobody can change the shape of a tensor after it was validated.
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Product of the shape; 1 for a scalar (empty shape). Validated not to overflow on open. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes on disk ({@code end - begin}). */
    public long byteLength() {
        return end - begin;
    }

    // Records compare arrays by identity; compare the shape by content instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end
                && Objects.equals(file, t.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end, file);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
