package org.writeahead.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.writeahead.model.Gpt2Config;
import org.writeahead.tokenize.TokenizerJson;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.ShardIndex;

/**
 * Downloads a GPT-2 repository from the Hugging Face hub (or a mirror) into the shared hub cache,
 * the way huggingface_hub's {@code hf_hub_download} does, and finds what is already there.
 *
 * <p>For each file it first asks {@code HEAD {endpoint}/{repo}/resolve/main/{file}} without
 * following redirects, because the hub puts the file's commit ({@code X-Repo-Commit}), checksum
 * ({@code X-Linked-Etag} for LFS files, else {@code ETag}) and size ({@code X-Linked-Size}, else
 * {@code Content-Length}) on that first answer, and redirects LFS files to a CDN. Then each
 * missing blob is fetched into {@code blobs/<etag>.incomplete}, continued with an HTTP Range
 * after a cut connection (a few times on its own, and on the next call), checked against the
 * checksum, moved to {@code blobs/<etag>} atomically and linked from {@code snapshots/<commit>/}.
 * {@code refs/main} is written last. A file that is partial or failed its checksum never appears
 * in a snapshot, so it is never loaded.
 *
 * <p>Files: {@code config.json} (checked to be GPT-2 before anything big is fetched),
 * {@code tokenizer.json} — or, where the repository lacks it, {@code vocab.json} and
 * {@code merges.txt}, from which tokenizer.json is built into the snapshot as a plain file — and
 * {@code model.safetensors} (or its shard index and shards). Pickle checkpoints are never fetched.
 *
 * <p>For a UI: call {@link #download} on a background thread; progress arrives on that thread;
 * {@link DownloadCancellation#cancel()} from any thread stops it (the partial file is kept for a
 * resume). With {@code HF_HUB_OFFLINE=1} no connection is made at all. Nothing connects until
 * {@link #download} is called.
 */
public final class HubDownloader {

    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String VOCAB = "vocab.json";
    public static final String MERGES = "merges.txt";

    private static final int MAX_REDIRECTS = 5;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    private static final String USER_AGENT = "WriteAhead/0.1 (java " + Runtime.version().feature() + ")";

    private final HubSettings settings;
    private final HubCache cache;
    private final int retries;
    private final Duration retryDelay;
    private final Duration stallTimeout;
    private HttpClient client;

    public HubDownloader(HubSettings settings) {
        this(settings, 4, Duration.ofSeconds(1));
    }

    /** {@code retries}: how often a cut connection is resumed within one call, waiting {@code retryDelay} × 2^k. */
    public HubDownloader(HubSettings settings, int retries, Duration retryDelay) {
        this(settings, retries, retryDelay, Duration.ofSeconds(60));
    }

    /** {@code stallTimeout}: a connection that brings no byte for this long is dropped and resumed. */
    public HubDownloader(HubSettings settings, int retries, Duration retryDelay, Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
        this.settings = settings;
        this.cache = new HubCache(settings.cacheRoot());
        this.retries = retries;
        this.retryDelay = retryDelay;
    }

    public HubCache cache() {
        return cache;
    }

    public HubSettings settings() {
        return settings;
    }

    /** A snapshot of the repository that holds a complete GPT-2 folder; never connects. */
    public Optional<Path> cached(RepoId repo) {
        return cache.findSnapshot(repo, HubDownloader::isComplete);
    }

    /** config.json, tokenizer.json and the weights (single file, or index and every shard) are all there. */
    public static boolean isComplete(Path folder) {
        if (!Files.isRegularFile(folder.resolve(CONFIG)) || !Files.isRegularFile(folder.resolve(TOKENIZER))) {
            return false;
        }
        if (Files.isRegularFile(folder.resolve(Checkpoint.SINGLE_FILE))) {
            return true;
        }
        Path index = folder.resolve(Checkpoint.INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            return false;
        }
        try {
            for (String shard : new LinkedHashSet<>(ShardIndex.read(index).values())) {
                if (!Files.isRegularFile(folder.resolve(HubFiles.checkFile(shard)))) {
                    return false;
                }
            }
            return true;
        } catch (CheckpointException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Makes the repository's GPT-2 files present and verified in the cache and returns its
     * snapshot folder (ready for {@code CompletionEngine.load}). Files already in the cache are
     * not fetched again. Offline, returns the cached snapshot or says that there is none.
     */
    public Path download(RepoId repo, DownloadListener listener, DownloadCancellation cancellation) throws DownloadException {
        if (settings.offline()) {
            return cached(repo).orElseThrow(() -> new DownloadException("HF_HUB_OFFLINE is set, so nothing is downloaded, and "
                    + repo + " is not in the cache at " + cache.root() + "; unset HF_HUB_OFFLINE to download it"));
        }
        try {
            return fetchAll(repo, listener, cancellation);
        } catch (HubUnreachableException e) {
            // As huggingface_hub does: with the hub out of reach, a complete copy in the cache serves.
            Optional<Path> kept = cached(repo);
            if (kept.isPresent()) {
                listener.note(e.getMessage().replaceFirst(";.*", "") + "; using the copy already in the cache");
                return kept.get();
            }
            throw e;
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException(repo + ": " + describe(e), e);
        }
    }

    private record Remote(String file, URI url, String etag, long size, String commit, boolean lfs) {}

    private Path fetchAll(RepoId repo, DownloadListener listener, DownloadCancellation cancel) throws IOException {
        Progress progress = new Progress(listener);
        progress.checking(CONFIG);
        Remote config = head(repo, CONFIG, cancel, true);
        String commit = config.commit();
        Path snapshot = cache.snapshot(repo, commit);

        // config.json first: it is tiny and says whether the rest is worth fetching. It stays out
        // of the progress totals, which would otherwise start as a bar for a few hundred bytes.
        Progress quiet = new Progress(new DownloadListener() {
            @Override
            public void progress(DownloadProgress p) {}

            @Override
            public void note(String message) {
                listener.note(message);
            }
        });
        quiet.plan(List.of(config));
        fetch(repo, config, quiet, cancel);
        try {
            Gpt2Config.read(snapshot.resolve(CONFIG));
        } catch (CheckpointException e) {
            throw new DownloadException(repo + " is not a GPT-2 model WriteAhead can run: " + e.getMessage());
        }

        List<Remote> rest = new ArrayList<>();
        progress.checking(TOKENIZER);
        Remote tokenizer = head(repo, TOKENIZER, cancel, false);
        boolean buildTokenizer = tokenizer == null;
        if (buildTokenizer) {
            rest.add(head(repo, VOCAB, cancel, true));
            rest.add(head(repo, MERGES, cancel, true));
        } else {
            rest.add(tokenizer);
        }
        progress.checking(Checkpoint.SINGLE_FILE);
        Remote weights = head(repo, Checkpoint.SINGLE_FILE, cancel, false);
        List<Remote> shards = new ArrayList<>();
        if (weights != null) {
            rest.add(weights);
        } else {
            Remote index = head(repo, Checkpoint.INDEX_FILE, cancel, false);
            if (index == null) {
                throw new DownloadException(repo + " has no " + Checkpoint.SINGLE_FILE + " (WriteAhead loads safetensors only;"
                        + " pickle checkpoints such as pytorch_model.bin are refused because loading them can run code)");
            }
            fetch(repo, index, progress, cancel);
            Set<String> names = new LinkedHashSet<>(ShardIndex.read(snapshot.resolve(Checkpoint.INDEX_FILE)).values());
            for (String shard : names) {
                shards.add(head(repo, HubFiles.checkFile(shard), cancel, true));
            }
            rest.addAll(shards);
        }
        for (Remote r : rest) {
            if (!r.commit().equals(commit)) {
                throw new DownloadException(repo + " changed on the hub during the download (commit " + commit + " became "
                        + r.commit() + "); run the download again");
            }
        }
        progress.plan(rest);
        checkDiskSpace(repo, rest);
        for (Remote r : rest) {
            fetch(repo, r, progress, cancel);
        }
        if (buildTokenizer) {
            TokenizerJson.build(snapshot.resolve(VOCAB), snapshot.resolve(MERGES), snapshot.resolve(TOKENIZER));
            listener.note(TOKENIZER + " built from " + VOCAB + " and " + MERGES + " (the repository has no " + TOKENIZER + ")");
        }
        cache.writeMainRef(repo, commit);
        if (!isComplete(snapshot)) {
            throw new DownloadException(repo + ": the snapshot " + snapshot + " is still incomplete after the download");
        }
        return snapshot;
    }

    /** Metadata of one file; null on a 404 when {@code required} is false. */
    private Remote head(RepoId repo, String file, DownloadCancellation cancel, boolean required) throws IOException {
        cancel.check();
        URI uri = resolveUrl(repo, file);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> r = send(request(uri, "HEAD", 0), HttpResponse.BodyHandlers.discarding(), cancel);
            int status = r.statusCode();
            if (status >= 300 && status < 400) {
                URI here = uri;
                String location = r.headers().firstValue("Location").orElseThrow(() ->
                        new DownloadException(here + " answered " + status + " without a Location"));
                URI next = uri.resolve(location);
                boolean sameHost = sameOrigin(next, uri);
                if (sameHost && r.headers().firstValue("X-Linked-Etag").isEmpty()) {
                    // A renamed repository (e.g. gpt2 → openai-community/gpt2): ask again there.
                    uri = next;
                    continue;
                }
                return metadata(repo, file, r, next);
            }
            if (status == 200) {
                return metadata(repo, file, r, uri);
            }
            if (status == 404 && !required && !"RepositoryNotFound".equals(r.headers().firstValue("X-Error-Code").orElse(""))) {
                return null;
            }
            throw httpError(repo, file, uri, r);
        }
        throw new DownloadException(uri + ": too many redirects");
    }

    private Remote metadata(RepoId repo, String file, HttpResponse<?> r, URI downloadUrl) throws DownloadException {
        String commit = r.headers().firstValue("X-Repo-Commit").orElse(null);
        if (!HubFiles.isCommit(commit)) {
            throw new DownloadException(settings.endpoint() + " did not say which commit " + repo + "/" + file
                    + " comes from (no X-Repo-Commit header): is HF_ENDPOINT a Hugging Face hub or mirror?");
        }
        String linked = r.headers().firstValue("X-Linked-Etag").orElse(null);
        String etag = HubFiles.normalizeEtag(linked != null ? linked : r.headers().firstValue("ETag").orElse(null));
        if (!HubFiles.isHashEtag(etag)) {
            throw new DownloadException(repo + "/" + file + ": the server gave no checksum (ETag \"" + etag
                    + "\" is neither a sha256 nor a git sha1), so the file cannot be verified; refusing it");
        }
        String sizeText = r.headers().firstValue("X-Linked-Size").orElse(r.headers().firstValue("Content-Length").orElse(null));
        long size;
        try {
            size = Long.parseLong(sizeText);
        } catch (NumberFormatException | NullPointerException e) {
            throw new DownloadException(repo + "/" + file + ": the server did not give the file's size");
        }
        if (size < 0) {
            throw new DownloadException(repo + "/" + file + ": the server gave a negative size");
        }
        if (linked != null && etag.length() != 64) {
            throw new DownloadException(repo + "/" + file + ": X-Linked-Etag \"" + etag + "\" is not a sha256");
        }
        return new Remote(file, downloadUrl, etag, size, commit, linked != null);
    }

    /** Makes one file's blob present and verified, then links it into the snapshot. */
    private void fetch(RepoId repo, Remote remote, Progress progress, DownloadCancellation cancel) throws IOException {
        Path blob = cache.blob(repo, remote.etag());
        if (Files.isRegularFile(blob) && Files.size(blob) == remote.size()) {
            cache.link(repo, remote.commit(), remote.file(), remote.etag());
            progress.skipped(remote);
            return;
        }
        Path lockFile = cache.lockFile(repo, remote.etag());
        Files.createDirectories(lockFile.getParent());
        Files.createDirectories(blob.getParent());
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel, remote)) {
            Path incomplete = cache.incomplete(repo, remote.etag());
            BlobDigest digest = new BlobDigest(remote.etag(), remote.size());
            for (int attempt = 0; ; attempt++) {
                try {
                    fetchInto(remote, incomplete, digest, progress, cancel);
                    break;
                } catch (DownloadCancelledException e) {
                    throw e;
                } catch (DownloadException e) {
                    long kept = Files.exists(incomplete) ? Files.size(incomplete) : 0;
                    if (kept > 0) {
                        // E.g. the server went away between two attempts: say that nothing is lost.
                        throw new DownloadException(e.getMessage() + " (" + kept + " of " + remote.size() + " bytes of "
                                + remote.file() + " kept; run the download again to resume)", e);
                    }
                    throw e;
                } catch (IOException e) {
                    cancel.check();
                    if (attempt >= retries) {
                        throw new DownloadException(remote.file() + ": " + describe(e) + " (" + Files.size(incomplete)
                                + " of " + remote.size() + " bytes kept; run the download again to resume)", e);
                    }
                    progress.listener.note("connection lost in " + remote.file() + " (" + describe(e) + "); resuming at "
                            + Files.size(incomplete) + " bytes");
                    sleep(retryDelay.multipliedBy(1L << Math.min(attempt, 5)), cancel);
                }
            }
            String got = digest.mismatch();
            if (got != null) {
                Files.deleteIfExists(incomplete);
                throw new DownloadException(remote.file() + " failed verification: its " + digest.kind() + " is " + got
                        + " but the hub says " + remote.etag() + "; the download was deleted, run it again");
            }
            Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.listener.note(remote.file() + ": " + remote.size() + " bytes, " + digest.kind() + " verified");
        }
        cache.link(repo, remote.commit(), remote.file(), remote.etag());
        progress.done(remote);
    }

    /** Refuses before a download that would fill the disk (the space already kept for a resume counts). */
    private void checkDiskSpace(RepoId repo, List<Remote> remotes) throws IOException {
        long needed = 0;
        for (Remote r : remotes) {
            if (!Files.isRegularFile(cache.blob(repo, r.etag()))) {
                Path partial = cache.incomplete(repo, r.etag());
                needed += r.size() - (Files.isRegularFile(partial) ? Math.min(r.size(), Files.size(partial)) : 0);
            }
        }
        Path blobs = cache.blob(repo, remotes.get(0).etag()).getParent();
        Files.createDirectories(blobs);
        long usable = Files.getFileStore(blobs).getUsableSpace();
        if (needed > usable) {
            throw new DownloadException(repo + " needs " + (needed / 1_000_000) + " MB more disk space in " + cache.root()
                    + " but only " + (usable / 1_000_000) + " MB is free (HF_HUB_CACHE or HF_HOME can point elsewhere)");
        }
    }

    private static FileLock tryLock(FileChannel channel, Remote remote) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new DownloadException(remote.file() + " is being downloaded by another WriteAhead right now; wait for it to finish");
        }
        return lock;
    }

    /** One try: continue {@code incomplete} from its current length up to the full size. */
    private void fetchInto(Remote remote, Path incomplete, BlobDigest digest, Progress progress, DownloadCancellation cancel)
            throws IOException {
        try (FileChannel out = FileChannel.open(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            long have = out.size();
            if (have > remote.size()) {
                out.truncate(0);
                have = 0;
            }
            if (digest.position() != have) {
                if (have > 0) {
                    progress.listener.note("resuming " + remote.file() + " at " + have + " of " + remote.size() + " bytes");
                }
                rehash(out, have, digest, remote, progress, cancel);
            }
            progress.downloading(remote, have);
            if (have == remote.size()) {
                out.force(true);
                return;
            }
            URI uri = remote.url();
            HttpResponse<InputStream> r = null;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                r = send(request(uri, "GET", have), HttpResponse.BodyHandlers.ofInputStream(), cancel);
                int status = r.statusCode();
                if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
                    r.body().close();
                    uri = uri.resolve(r.headers().firstValue("Location").get());
                    r = null;
                    continue;
                }
                break;
            }
            if (r == null) {
                throw new DownloadException(remote.url() + ": too many redirects");
            }
            Watchdog watchdog = null;
            try (InputStream body = r.body()) {
                int status = r.statusCode();
                if (status == 200 && have > 0) {
                    // The server ignored the Range: start over.
                    out.truncate(0);
                    have = 0;
                    digest.reset();
                    progress.listener.note("the server cannot resume " + remote.file() + "; downloading it from the start");
                    progress.downloading(remote, 0);
                } else if (status == 206) {
                    String range = r.headers().firstValue("Content-Range").orElse("");
                    if (!range.startsWith("bytes " + have + "-")) {
                        throw new DownloadException(remote.file() + ": the server resumed at the wrong place (Content-Range \""
                                + range + "\", asked for byte " + have + ")");
                    }
                } else if (status == 416) {
                    out.truncate(0);
                    digest.reset();
                    throw new IOException("the server refused the resume range; starting over");
                } else if (status >= 500 || status == 429) {
                    throw new IOException("server answered " + status);
                } else if (status != 200) {
                    throw httpError(null, remote.file(), uri, r);
                }
                cancel.reading(body);
                watchdog = Watchdog.watch(body, stallTimeout);
                out.position(have);
                byte[] chunk = new byte[1 << 20];
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (have < remote.size()) {
                    cancel.check();
                    int n = body.read(chunk, 0, (int) Math.min(chunk.length, remote.size() - have));
                    if (n < 0) {
                        throw new IOException("the connection closed after " + have + " of " + remote.size() + " bytes");
                    }
                    buffer.clear().limit(n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.flip();
                    digest.update(buffer);
                    have += n;
                    watchdog.fed();
                    progress.downloading(remote, have);
                }
                if (body.read() >= 0) {
                    throw new Corrupt(remote.file() + ": the server sent more than the " + remote.size()
                            + " bytes it announced; the download was deleted");
                }
            } catch (IOException e) {
                cancel.check();
                if (watchdog != null && watchdog.fired()) {
                    throw new IOException("the connection stalled (no data for " + stallTimeout.toSeconds() + " s)", e);
                }
                throw e;
            } finally {
                if (watchdog != null) {
                    watchdog.stop();
                }
                cancel.reading(null);
            }
            out.force(true);
        } catch (Corrupt e) {
            Files.deleteIfExists(incomplete);
            throw e;
        }
    }

    /** The partial file cannot be trusted any more and is deleted. */
    private static final class Corrupt extends DownloadException {
        Corrupt(String message) {
            super(message);
        }
    }

    /** Feeds the bytes kept from an earlier try to the checksum. */
    private static void rehash(FileChannel in, long length, BlobDigest digest, Remote remote, Progress progress,
            DownloadCancellation cancel) throws IOException {
        digest.reset();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = 0;
        while (position < length) {
            cancel.check();
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
            int n = in.read(buffer, position);
            if (n < 0) {
                break;
            }
            buffer.flip();
            digest.update(buffer);
            position += n;
            progress.resuming(remote, position);
        }
    }

    private HttpRequest request(URI uri, String method, long rangeStart) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", USER_AGENT)
                .header("Accept-Encoding", "identity")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (rangeStart > 0) {
            b.header("Range", "bytes=" + rangeStart + "-");
        }
        // The token goes to the hub only, never to the CDN it redirects to.
        if (settings.token() != null && sameOrigin(uri, settings.endpoint())) {
            b.header("Authorization", "Bearer " + settings.token());
        }
        return b.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, DownloadCancellation cancel)
            throws IOException {
        cancel.check();
        try {
            return client().send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException();
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw new HubUnreachableException(describeConnect(request.uri(), e), e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof UnknownHostException
                    || e.getCause() instanceof ConnectException) {
                throw new HubUnreachableException(describeConnect(request.uri(), e.getCause()), e);
            }
            throw e;
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .proxy(settings.proxy())
                    .connectTimeout(Duration.ofSeconds(20))
                    .build();
        }
        return client;
    }

    private String describeConnect(URI uri, Throwable e) {
        String where = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        if (!where.equals(origin(settings.endpoint()))) {
            where += " (the file server the hub sent the download to)";
        }
        String why = e instanceof HttpConnectTimeoutException ? "timed out"
                : unresolved(e) ? "unknown host"
                : "connection refused";
        return "cannot connect to " + where + " (" + why + "); check the network, HF_ENDPOINT and the proxy settings,"
                + " or set HF_HUB_OFFLINE=1 to use only the cache";
    }

    /** scheme://host[:port] of an endpoint URL, as describeConnect prints it. */
    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    /** Java's HttpClient reports a name it cannot resolve as a ConnectException caused by it. */
    static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private DownloadException httpError(RepoId repo, String file, URI uri, HttpResponse<?> r) {
        int status = r.statusCode();
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String what = repo == null ? file : repo.toString();
        String tokenHint = settings.token() == null ? "set HF_TOKEN to a token that has access"
                : "the token (HF_TOKEN) was not accepted for it";
        String message = switch (status) {
            case 401 -> "the hub does not know " + what + " or it is private (401 from " + uri + "): check the name, or "
                    + tokenHint;
            case 403 -> "access to " + what + " is refused (403 from " + uri + "): it may be gated; accept its terms on the"
                    + " hub and " + tokenHint;
            case 404 -> "RepositoryNotFound".equals(code) ? "there is no repository " + what + " at " + settings.endpoint()
                    + " (404)" : "not found (404): " + uri;
            case 429 -> "the hub is limiting requests (429); try again in a minute";
            default -> "the server answered " + status + " for " + uri;
        };
        if (r.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException e) {
                // Only releasing the connection.
            }
        }
        return new DownloadException(message);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b)
                && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private URI resolveUrl(RepoId repo, String file) {
        HubFiles.checkFile(file);
        return URI.create(settings.endpoint().toString() + "/" + repo + "/resolve/main/" + file);
    }

    private static void sleep(Duration d, DownloadCancellation cancel) throws DownloadCancelledException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            cancel.check();
            try {
                Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadCancelledException();
            }
        }
    }

    /** One line for an I/O failure, without the exception's class name. */
    static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "the server stopped answering (timed out)";
        }
        if (e instanceof SSLException) {
            return "secure connection failed (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName().replaceAll("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.ROOT);
        }
        return m.lines().findFirst().orElse(m);
    }

    /** Totals, speed and time left, reported to the listener at a bounded rate. */
    private static final class Progress {
        final DownloadListener listener;
        private final RateMeter rate = new RateMeter();
        private final Map<String, Long> planned = new java.util.HashMap<>();
        private long total;
        private long doneBefore;
        private long lastReport;

        Progress(DownloadListener listener) {
            this.listener = listener;
        }

        void plan(List<Remote> remotes) {
            for (Remote r : remotes) {
                planned.put(r.file(), r.size());
                total += r.size();
            }
        }

        void checking(String file) {
            listener.progress(new DownloadProgress(file, DownloadProgress.Phase.CHECKING, 0, 0, doneBefore, total, 0, Double.NaN));
        }

        void skipped(Remote r) {
            // Already in the cache: it needs no download, so it leaves the totals.
            total -= r.size();
            listener.note(r.file() + ": already in the cache");
            listener.progress(new DownloadProgress(r.file(), DownloadProgress.Phase.DONE, r.size(), r.size(), doneBefore, total,
                    rate.rate(), Double.NaN));
        }

        void resuming(Remote r, long hashed) {
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                listener.progress(new DownloadProgress(r.file(), DownloadProgress.Phase.RESUMING, hashed, r.size(), doneBefore,
                        total, 0, Double.NaN));
            }
        }

        void downloading(Remote r, long have) {
            long now = System.nanoTime();
            long done = doneBefore + have;
            rate.sample(now, done);
            if (now - lastReport >= PROGRESS_EVERY_NANOS || have == r.size()) {
                lastReport = now;
                double speed = rate.rate();
                double left = speed > 0 ? (total - done) / speed : Double.NaN;
                listener.progress(new DownloadProgress(r.file(), DownloadProgress.Phase.DOWNLOADING, have, r.size(), done, total,
                        speed, left));
            }
        }

        void done(Remote r) {
            doneBefore += r.size();
            listener.progress(new DownloadProgress(r.file(), DownloadProgress.Phase.DONE, r.size(), r.size(), doneBefore, total,
                    rate.rate(), 0));
        }
    }
}
