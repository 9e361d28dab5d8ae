package org.writeahead.hub;

import java.util.regex.Pattern;

/** File names and revisions that may go into a URL or a cache path. */
final class HubFiles {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ETAG = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private HubFiles() {}

    static String checkFile(String file) {
        if (file == null || !FILE.matcher(file).matches() || file.contains("..")) {
            throw new IllegalArgumentException("\"" + file + "\" is not an acceptable file name");
        }
        return file;
    }

    static boolean isCommit(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    /** A normalized ETag the cache can use as a blob name: a git sha1 or a sha256, in hex. */
    static boolean isHashEtag(String s) {
        return s != null && ETAG.matcher(s).matches();
    }

    /** Drops a weak marker and the quotes, as huggingface_hub does: {@code W/"abc"} → {@code abc}. */
    static String normalizeEtag(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
