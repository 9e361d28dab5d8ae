package org.writeahead.weights;

/** The element types this project reads and writes; GPT-2 checkpoints use no others. */
public enum Dtype {
    F32(4),
    F16(2),
    BF16(2);

    private final int byteSize;

    Dtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element on disk. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Maps a safetensors dtype name ("F32", "F16", "BF16") to a constant.
     *
     * @throws IllegalArgumentException for any other name (integer, F64, FP8 ...), so that a caller
     *     cannot silently continue with a null
     */
    public static Dtype parse(String safetensorsName) {
        if (safetensorsName != null) {
            switch (safetensorsName) {
                case "F32": return F32;
                case "F16": return F16;
                case "BF16": return BF16;
                default: break;
            }
        }
        throw new IllegalArgumentException("unsupported dtype " + safetensorsName
                + " (only F32, F16 and BF16 are supported)");
    }
}
