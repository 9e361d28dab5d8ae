package org.writeahead.model.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A row-major float32 matrix [rows, cols] in a little-endian direct buffer: a view of a tensor's
 * memory (PyTorch's, or the checkpoint's memory map), never a copy.
 */
public record FloatMatrix(ByteBuffer data, int rows, int cols) {

    public FloatMatrix {
        if ((long) rows * cols * 4 > data.capacity()) {
            throw new IllegalArgumentException("a [" + rows + ", " + cols + "] matrix needs "
                    + (long) rows * cols * 4 + " bytes, the buffer has " + data.capacity());
        }
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies row {@code row} into {@code out}. */
    void copyRow(int row, float[] out) {
        data.asFloatBuffer().get(row * cols, out, 0, cols);
    }

    /** Adds row {@code row} to {@code out}, element by element. */
    void addRow(int row, float[] out) {
        for (int i = 0; i < cols; i++) {
            out[i] += data.getFloat((row * cols + i) * 4);
        }
    }
}
