package org.writeahead.model;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** Transposes a row-major float32 matrix between little-endian buffers, in cache-sized tiles. */
final class Transpose {

    private static final int TILE = 64;

    private Transpose() {}

    /** {@code dst[c][r] = src[r][c]} for a [rows, cols] source. */
    static void floats(ByteBuffer src, ByteBuffer dst, int rows, int cols) {
        FloatBuffer in = src.duplicate().order(src.order()).asFloatBuffer();
        FloatBuffer out = dst.duplicate().order(dst.order()).asFloatBuffer();
        float[] tile = new float[TILE * TILE];
        float[] row = new float[TILE];
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int rn = Math.min(TILE, rows - r0);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int cn = Math.min(TILE, cols - c0);
                for (int r = 0; r < rn; r++) {
                    in.get((r0 + r) * cols + c0, row, 0, cn);
                    for (int c = 0; c < cn; c++) {
                        tile[c * TILE + r] = row[c];
                    }
                }
                for (int c = 0; c < cn; c++) {
                    out.put((c0 + c) * rows + r0, tile, c * TILE, rn);
                }
            }
        }
    }
}
