package org.writeahead.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor to write: values are given as float32 and converted to {@code dtype} on write.
 * The shape's product must equal {@code values.length}.
 */
public record TensorData(Dtype dtype, long[] shape, float[] values) {

    public TensorData {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " values but " + values.length + " were given");
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes this tensor takes on disk. */
    long byteLength() {
        return (long) values.length * dtype.byteSize();
    }
}
