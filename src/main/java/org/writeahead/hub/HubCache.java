package org.writeahead.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Hugging Face hub cache, laid out exactly as Python's huggingface_hub lays it out, so that
 * each side finds what the other downloaded:
 * <pre>
 * ROOT/models--openai-community--gpt2/
 *   blobs/&lt;etag&gt;                      the file's bytes, named by its sha256 (LFS) or git sha1
 *   blobs/&lt;etag&gt;.incomplete           a download in progress (resumable), never loaded
 *   snapshots/&lt;commit&gt;/&lt;file&gt;        relative symlink ../../blobs/&lt;etag&gt; (a copy where links fail)
 *   refs/main                          the commit that main pointed at when last downloaded
 * ROOT/.locks/models--.../&lt;etag&gt;.lock  held while a blob downloads
 * </pre>
 */
public final class HubCache {

    private final Path root;

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path repoFolder(RepoId repo) {
        return root.resolve(repo.cacheFolderName());
    }

    public Path snapshot(RepoId repo, String commit) {
        if (!HubFiles.isCommit(commit)) {
            throw new IllegalArgumentException("\"" + commit + "\" is not a commit hash");
        }
        return repoFolder(repo).resolve("snapshots").resolve(commit);
    }

    Path blob(RepoId repo, String etag) {
        if (!HubFiles.isHashEtag(etag)) {
            throw new IllegalArgumentException("\"" + etag + "\" is not a blob name");
        }
        return repoFolder(repo).resolve("blobs").resolve(etag);
    }

    Path incomplete(RepoId repo, String etag) {
        Path blob = blob(repo, etag);
        return blob.resolveSibling(blob.getFileName() + ".incomplete");
    }

    Path lockFile(RepoId repo, String etag) {
        blob(repo, etag);
        return root.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock");
    }

    /** The commit {@code refs/main} names, or null when there is none (or it is not a commit hash). */
    public String mainCommit(RepoId repo) {
        Path ref = repoFolder(repo).resolve("refs").resolve("main");
        try {
            String commit = Files.isRegularFile(ref) ? Files.readString(ref, StandardCharsets.UTF_8).strip() : null;
            return HubFiles.isCommit(commit) ? commit : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The snapshot to use: main's, when it passes {@code usable}; else the newest snapshot that
     * does (a download of a newer commit may have stopped half-way).
     */
    public Optional<Path> findSnapshot(RepoId repo, Predicate<Path> usable) {
        String commit = mainCommit(repo);
        if (commit != null) {
            Path main = snapshot(repo, commit);
            if (usable.test(main)) {
                return Optional.of(main);
            }
        }
        Path snapshots = repoFolder(repo).resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
            for (Path p : ds) {
                if (HubFiles.isCommit(p.getFileName().toString()) && Files.isDirectory(p) && usable.test(p)) {
                    candidates.add(p);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        candidates.sort((a, b) -> modified(b).compareTo(modified(a)));
        return candidates.stream().findFirst();
    }

    /** Repositories in the cache (folders named models--...), for listing what else is there. */
    public List<RepoId> cachedRepos() {
        List<RepoId> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "models--*")) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().substring("models--".length()).split("--", -1);
                try {
                    out.add(parts.length == 1 ? new RepoId(null, parts[0]) : parts.length == 2 ? new RepoId(parts[0], parts[1]) : null);
                } catch (IllegalArgumentException e) {
                    // Not a name we would produce; leave it alone.
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.removeIf(r -> r == null);
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    void writeMainRef(RepoId repo, String commit) throws IOException {
        snapshot(repo, commit);
        Path ref = repoFolder(repo).resolve("refs").resolve("main");
        Files.createDirectories(ref.getParent());
        Path tmp = ref.resolveSibling(".main." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Puts {@code file} into the commit's snapshot as a relative symlink to its blob, as
     * huggingface_hub does; where the file system refuses links (Windows without developer mode,
     * some network drives) the blob is copied instead.
     */
    void link(RepoId repo, String commit, String file, String etag) throws IOException {
        HubFiles.checkFile(file);
        Path blob = blob(repo, etag);
        Path pointer = snapshot(repo, commit).resolve(file);
        Files.createDirectories(pointer.getParent());
        Files.deleteIfExists(pointer);
        try {
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            Path tmp = pointer.resolveSibling("." + file + ".tmp");
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
