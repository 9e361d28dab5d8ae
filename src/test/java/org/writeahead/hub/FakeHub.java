package org.writeahead.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The hub's download URLs on 127.0.0.1, as huggingface.co answers them: {@code
 * /<repo>/resolve/main/<file>} gives small files directly with their git blob id as ETag, and
 * redirects {@code .safetensors} (LFS) files to a second server standing for the CDN, with
 * {@code X-Linked-Etag} (sha256) and {@code X-Linked-Size} on the redirect; every answer carries
 * {@code X-Repo-Commit}. Both servers honour {@code Range}. Faults can be switched on: cut the
 * next LFS download half-way, serve corrupt bytes.
 */
public final class FakeHub implements AutoCloseable {

    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** One request as the servers saw it. */
    public record Request(String server, String method, String path, String range, String authorization) {}

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-hub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<String, byte[]>> repos = new LinkedHashMap<>();
    private final Map<String, byte[]> blobsBySha256 = new LinkedHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    public volatile boolean cutNextLfsDownload;
    public volatile boolean corruptLfs;
    /** Send half of the next LFS download, then go silent without closing the connection. */
    public volatile boolean stallNextLfsDownload;
    /** Bytes per second for LFS downloads, to watch a progress bar by hand; 0 = as fast as possible. */
    public volatile long throttle;

    public FakeHub() throws IOException {
        this(0);
    }

    public FakeHub(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, port), 0);
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.setExecutor(pool);
        cdn.setExecutor(pool);
        hub.createContext("/", this::hub);
        cdn.createContext("/", this::cdn);
        hub.start();
        cdn.start();
    }

    /** Serves the folder's regular files under {@code repo}. */
    public FakeHub serve(String repo, Path folder, String... skip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var list = Files.list(folder)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !List.of(skip).contains(name)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return serve(repo, files);
    }

    public FakeHub serve(String repo, Map<String, byte[]> files) {
        repos.put(repo, new LinkedHashMap<>(files));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (isLfs(f.getKey())) {
                blobsBySha256.put(sha256(f.getValue()), f.getValue());
            }
        }
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    static boolean isLfs(String file) {
        return file.endsWith(".safetensors");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String gitBlobSha1(byte[] bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-1");
            d.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void hub(HttpExchange ex) throws IOException {
        try (ex) {
            record(ex, "hub");
            String path = ex.getRequestURI().getPath();
            int at = path.indexOf("/resolve/main/");
            if (at < 0) {
                send(ex, 404, null, new byte[0]);
                return;
            }
            String repo = path.substring(1, at);
            String file = path.substring(at + "/resolve/main/".length());
            Map<String, byte[]> files = repos.get(repo);
            Headers h = ex.getResponseHeaders();
            if (files == null) {
                h.set("X-Error-Code", "RepositoryNotFound");
                send(ex, 401, null, "Repository not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            h.set("X-Repo-Commit", COMMIT);
            byte[] bytes = files.get(file);
            if (bytes == null) {
                h.set("X-Error-Code", "EntryNotFound");
                send(ex, 404, null, "Entry not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (isLfs(file)) {
                String sha = sha256(bytes);
                h.set("X-Linked-Etag", "\"" + sha + "\"");
                h.set("X-Linked-Size", Long.toString(bytes.length));
                h.set("ETag", "\"" + sha + "\"");
                h.set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/lfs/" + sha + "?download=true");
                send(ex, 302, null, "Found. Redirecting".getBytes(StandardCharsets.UTF_8));
                return;
            }
            h.set("ETag", "\"" + gitBlobSha1(bytes) + "\"");
            sendRanged(ex, bytes, false, 0);
        }
    }

    private void cdn(HttpExchange ex) throws IOException {
        try (ex) {
            record(ex, "cdn");
            String path = ex.getRequestURI().getPath();
            byte[] bytes = path.startsWith("/lfs/") ? blobsBySha256.get(path.substring(5)) : null;
            if (bytes == null) {
                send(ex, 404, null, new byte[0]);
                return;
            }
            if (corruptLfs) {
                bytes = bytes.clone();
                bytes[bytes.length / 3] ^= 0x5a;
            }
            boolean cut = cutNextLfsDownload && ex.getRequestMethod().equals("GET");
            if (cut) {
                cutNextLfsDownload = false;
            }
            if (stallNextLfsDownload && ex.getRequestMethod().equals("GET")) {
                stallNextLfsDownload = false;
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes, 0, bytes.length / 2);
                ex.getResponseBody().flush();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            sendRanged(ex, bytes, cut, throttle);
        }
    }

    /**
     * By hand: {@code java -cp target/test-classes org.writeahead.hub.FakeHub PORT REPO FOLDER [BYTES_PER_SECOND]}
     * serves FOLDER as REPO until killed.
     */
    public static void main(String[] args) throws Exception {
        FakeHub hub = new FakeHub(Integer.parseInt(args[0])).serve(args[1], Path.of(args[2]), "expected.json");
        if (args.length > 3) {
            hub.throttle = Long.parseLong(args[3]);
        }
        System.out.println("serving " + args[1] + " from " + args[2] + " at " + hub.endpoint());
        Thread.currentThread().join();
    }

    private void record(HttpExchange ex, String server) {
        Headers in = ex.getRequestHeaders();
        requests.add(new Request(server, ex.getRequestMethod(), ex.getRequestURI().getPath(), in.getFirst("Range"),
                in.getFirst("Authorization")));
    }

    /** 200 or 206 with Content-Range; {@code cut} writes half the body and drops the connection. */
    private static void sendRanged(HttpExchange ex, byte[] bytes, boolean cut, long throttle) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int start = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            start = Integer.parseInt(range.substring(6, range.length() - 1));
            if (start >= bytes.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                send(ex, 416, null, new byte[0]);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        int status = range != null ? 206 : 200;
        int length = bytes.length - start;
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        if (cut) {
            out.write(bytes, start, length / 2);
            out.flush();
            // Drop the connection mid-body, as a flaky network does.
            throw new IOException("cut on purpose");
        }
        if (throttle <= 0) {
            out.write(bytes, start, length);
            return;
        }
        int step = (int) Math.max(1, throttle / 10);
        for (int at = start; at < bytes.length; at += step) {
            out.write(bytes, at, Math.min(step, bytes.length - at));
            out.flush();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        pool.shutdownNow();
    }
}
