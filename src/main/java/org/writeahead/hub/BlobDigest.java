package org.writeahead.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum a blob's ETag promises. The hub names LFS files (the weights) by the SHA-256 of
 * their bytes, and small files kept in git (config.json, tokenizer.json) by their git blob id:
 * SHA-1 of {@code "blob <size>\0"} followed by the bytes. Both are checked; the git id is SHA-1,
 * so for those small files it guards against corruption more than against a forger.
 */
final class BlobDigest {

    private final String expected;
    private final long size;
    private final boolean gitBlob;
    private MessageDigest digest;
    private long position;

    BlobDigest(String etag, long size) {
        this.expected = etag;
        this.size = size;
        this.gitBlob = etag.length() == 40;
        reset();
    }

    void reset() {
        try {
            digest = MessageDigest.getInstance(gitBlob ? "SHA-1" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (gitBlob) {
            digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        position = 0;
    }

    void update(ByteBuffer bytes) {
        position += bytes.remaining();
        digest.update(bytes);
    }

    long position() {
        return position;
    }

    /** "sha256" or "git sha1", for messages. */
    String kind() {
        return gitBlob ? "git sha1" : "sha256";
    }

    /** The hex digest of what was fed, compared with the ETag; null when they match. */
    String mismatch() {
        String got = HexFormat.of().formatHex(digest.digest());
        return got.equals(expected) ? null : got;
    }
}
