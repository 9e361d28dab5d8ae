package org.writeahead.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model's weights as found in a folder: either one {@code model.safetensors}, or shards listed
 * by {@code model.safetensors.index.json}. Pickle checkpoints ({@code pytorch_model.bin} and
 * friends) are refused with a message, never loaded: unpickling can run arbitrary code.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt");

    private final Path folder;
    private final Map<String, TensorInfo> infos;
    private final Map<String, SafetensorsFile> owners;
    private final List<SafetensorsFile> files;

    private Checkpoint(Path folder, Map<String, TensorInfo> infos, Map<String, SafetensorsFile> owners,
            List<SafetensorsFile> files) {
        this.folder = folder;
        this.infos = Collections.unmodifiableMap(infos);
        this.owners = owners;
        this.files = files;
    }

    public static Checkpoint open(Path folder) throws CheckpointException {
        if (!Files.exists(folder)) {
            throw new CheckpointException(folder + ": checkpoint folder does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException(folder + ": is a file, not a checkpoint folder");
        }
        Path single = folder.resolve(SINGLE_FILE);
        if (Files.exists(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> owners = new LinkedHashMap<>();
            f.tensors().keySet().forEach(n -> owners.put(n, f));
            return new Checkpoint(folder, new LinkedHashMap<>(f.tensors()), owners, List.of(f));
        }
        Path index = folder.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            return openSharded(folder, index);
        }
        String pickle = findPickle(folder);
        if (pickle != null) {
            throw new CheckpointException(folder + " has only " + pickle + ": pickle checkpoints are refused"
                    + " because loading them can run code; convert it to " + SINGLE_FILE);
        }
        throw new CheckpointException(folder + " has no " + SINGLE_FILE);
    }

    private static Checkpoint openSharded(Path folder, Path index) throws CheckpointException {
        Map<String, String> weightMap = ShardIndex.read(index);
        Map<String, SafetensorsFile> byShard = new LinkedHashMap<>();
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        Map<String, SafetensorsFile> owners = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String shardName = e.getValue();
                SafetensorsFile shard = byShard.get(shardName);
                if (shard == null) {
                    Path shardPath = folder.resolve(shardName);
                    if (!Files.isRegularFile(shardPath)) {
                        throw new CheckpointException(INDEX_FILE + ": shard " + shardName + " is missing");
                    }
                    shard = SafetensorsFile.open(shardPath);
                    byShard.put(shardName, shard);
                }
                TensorInfo info = shard.tensors().get(e.getKey());
                if (info == null) {
                    throw new CheckpointException(INDEX_FILE + ": tensor " + e.getKey() + " should be in shard "
                            + shardName + " but that shard does not contain it");
                }
                infos.put(e.getKey(), info);
                owners.put(e.getKey(), shard);
            }
        } catch (CheckpointException ex) {
            byShard.values().forEach(SafetensorsFile::close);
            throw ex;
        }
        return new Checkpoint(folder, infos, owners, new ArrayList<>(byShard.values()));
    }

    /** The name of a pickle checkpoint in the folder, preferring pytorch_model.bin; null if none. */
    private static String findPickle(Path folder) throws CheckpointException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (PICKLE_SUFFIXES.stream().anyMatch(lower::endsWith) && Files.isRegularFile(p)) {
                    found.add(name);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(folder + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (found.contains("pytorch_model.bin")) {
            return "pytorch_model.bin";
        }
        Collections.sort(found);
        return found.isEmpty() ? null : found.get(0);
    }

    public Path folder() {
        return folder;
    }

    /** Tensor names, in file (or index) order. Unmodifiable. */
    public Set<String> names() {
        return infos.keySet();
    }

    public boolean has(String name) {
        return infos.containsKey(name);
    }

    public TensorInfo info(String name) throws CheckpointException {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new CheckpointException(folder + ": checkpoint has no tensor named " + name);
        }
        return info;
    }

    /** See {@link SafetensorsFile#float32}: little-endian direct float32, read-only for F32. */
    public ByteBuffer float32(String name) throws CheckpointException {
        info(name);
        return owners.get(name).float32(name);
    }

    /** See {@link SafetensorsFile#readFloats}. */
    public void readFloats(String name, long first, float[] dst, int count) throws CheckpointException {
        info(name);
        owners.get(name).readFloats(name, first, dst, count);
    }

    public float[] floats(String name) throws CheckpointException {
        info(name);
        return owners.get(name).floats(name);
    }

    /** Sum of element counts over all tensors (tied weights stored twice count twice). */
    public long totalParameters() {
        long n = 0;
        for (TensorInfo t : infos.values()) {
            n += t.elementCount();
        }
        return n;
    }

    /** Sum of tensor bytes on disk, headers excluded. */
    public long totalBytes() {
        long n = 0;
        for (TensorInfo t : infos.values()) {
            n += t.byteLength();
        }
        return n;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
