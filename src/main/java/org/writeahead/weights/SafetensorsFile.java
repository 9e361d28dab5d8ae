package org.writeahead.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One open safetensors file. The header is read and fully validated on {@link #open}; tensor bytes
 * are memory-mapped only when asked for, one tensor's byte range per mapping. Mapping per tensor
 * (rather than the whole file) is what lets files over 2 GiB work: {@link FileChannel#map} cannot
 * map more than {@link Integer#MAX_VALUE} bytes at once, but no single GPT-2 tensor comes close.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Generous for any real model (GPT-2 XL's header is ~40 KB) yet small enough to read at once. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path file;
    private final String label;
    private final FileChannel channel;
    private final long dataStart;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, SafetensorsHeader header) {
        this.file = file;
        this.label = SafetensorsHeader.label(file);
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    public static SafetensorsFile open(Path file) throws CheckpointException {
        String label = SafetensorsHeader.label(file);
        if (Files.isDirectory(file)) {
            throw new CheckpointException(label + ": is a folder, not a safetensors file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(label + ": file not found (" + file + ")", e);
        } catch (AccessDeniedException e) {
            throw new CheckpointException(label + ": cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new CheckpointException(label + ": cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(label + ": not a safetensors file (only " + size
                        + " bytes, too short for a header)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLen = lenBuf.getLong(0); // unsigned on disk; negative here means > 2^63
            if (headerLen > 0 && headerLen <= MAX_HEADER_BYTES && headerLen > size - 8) {
                // A plausible header length that runs past the end: a download cut short.
                throw new CheckpointException(label + ": file is truncated (its header alone needs " + (headerLen + 8)
                        + " bytes, the file has " + size + ")");
            }
            if (headerLen < 0 || headerLen > size - 8) {
                throw new CheckpointException(label + ": not a safetensors file (header length "
                        + Long.toUnsignedString(headerLen) + " is larger than the file)");
            }
            if (headerLen > MAX_HEADER_BYTES) {
                throw new CheckpointException(label + ": not a safetensors file (header length "
                        + headerLen + " is over the " + MAX_HEADER_BYTES + "-byte limit)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(channel, headerBuf, 8);
            SafetensorsHeader header = SafetensorsHeader.parse(file, headerBuf.array(), size);
            return new SafetensorsFile(file, channel, 8 + headerLen, header);
        } catch (CheckpointException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new CheckpointException(label + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    public Path path() {
        return file;
    }

    /** All tensors, in the order the header lists them. Unmodifiable. */
    public Map<String, TensorInfo> tensors() {
        return header.tensors;
    }

    /** The {@code __metadata__} entry, empty if absent. Unmodifiable. */
    public Map<String, String> metadata() {
        return header.metadata;
    }

    public TensorInfo info(String name) throws CheckpointException {
        TensorInfo info = header.tensors.get(name);
        if (info == null) {
            throw new CheckpointException(label + ": has no tensor named " + name);
        }
        return info;
    }

    /**
     * The tensor as float32, in a little-endian direct buffer positioned at 0.
     *
     * <p>For F32 this is a read-only view of the memory map (no copy; the OS pages it in lazily).
     * DJL's PyTorch engine wraps a direct buffer without copying ({@code torch::from_blob}), so an
     * NDArray made from it aliases the read-only mapping: an in-place operation on that NDArray
     * would crash the JVM. Copy first (or duplicate the NDArray) if it must be written to. For F16
     * and BF16 the result is a new, writable buffer, widened here.
     *
     * @throws CheckpointException if the tensor is unknown, the file was closed, or the tensor is
     *     larger than 2 GiB as float32 (one ByteBuffer cannot hold it)
     */
    public ByteBuffer float32(String name) throws CheckpointException {
        TensorInfo info = info(name);
        long bytes = info.byteLength();
        long outBytes = info.elementCount() * 4;
        if (outBytes > Integer.MAX_VALUE) {
            throw new CheckpointException(label + ": tensor " + name + " is larger than 2 GiB as float32,"
                    + " which is not supported");
        }
        ByteBuffer raw = map(info.begin(), bytes, name);
        if (info.dtype() == Dtype.F32) {
            return raw;
        }
        return Float32Buffers.widen(raw, info.dtype(), (int) info.elementCount());
    }

    /**
     * Copies {@code count} elements of a tensor, from element {@code first}, into {@code dst} as
     * float32, with plain reads rather than the memory map: for data that is converted and then
     * dropped (a transposed weight), so the file's pages never count in the process's memory.
     */
    public void readFloats(String name, long first, float[] dst, int count) throws CheckpointException {
        TensorInfo info = info(name);
        if (first < 0 || count < 0 || first + count > info.elementCount() || count > dst.length) {
            throw new IllegalArgumentException("elements " + first + ".." + (first + count) + " are outside tensor " + name);
        }
        int width = info.dtype() == Dtype.F32 ? 4 : 2;
        ByteBuffer raw = ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
        try {
            readFully(channel, raw, dataStart + info.begin() + first * width);
        } catch (ClosedChannelException e) {
            throw new CheckpointException(label + ": is already closed (reading tensor " + name + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(label + ": cannot read tensor " + name + " (" + e.getMessage() + ")", e);
        }
        raw.flip();
        if (info.dtype() == Dtype.F32) {
            raw.asFloatBuffer().get(dst, 0, count);
            return;
        }
        Float32Buffers.widen(raw, info.dtype(), dst, count);
    }

    /** The tensor as a float array (a copy; convenient for small tensors and tests). */
    public float[] floats(String name) throws CheckpointException {
        return Float32Buffers.toArray(float32(name));
    }

    private ByteBuffer map(long begin, long length, String name) throws CheckpointException {
        if (length == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (ClosedChannelException e) {
            throw new CheckpointException(label + ": is already closed (reading tensor " + name + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(label + ": cannot map tensor " + name + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Closes the file. Buffers already returned stay valid (a mapping outlives its channel); they
     * are unmapped when garbage collected.
     */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing to flush, nothing to report.
        }
    }
}
