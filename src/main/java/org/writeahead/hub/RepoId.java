package org.writeahead.hub;

import java.util.regex.Pattern;

/**
 * A Hugging Face model repository id, {@code owner/name} or a legacy single name such as
 * {@code gpt2}, checked before it is ever put into a URL or a cache path: letters, digits and
 * {@code . _ -} only, no {@code ..}, no {@code --} (the cache's separator), nothing that starts
 * with a dot or dash.
 */
public record RepoId(String owner, String name) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    public RepoId {
        if (owner != null) {
            checkPart(owner, owner + "/" + name);
        }
        checkPart(name, owner == null ? name : owner + "/" + name);
    }

    /** Parses {@code owner/name} or {@code name}; throws IllegalArgumentException with the reason. */
    public static RepoId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("empty repository id");
        }
        int slash = id.indexOf('/');
        if (slash < 0) {
            return new RepoId(null, id);
        }
        if (id.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("\"" + id + "\" is not a repository id (owner/name)");
        }
        return new RepoId(id.substring(0, slash), id.substring(slash + 1));
    }

    /** Whether {@code id} parses; for telling repository ids from folder paths. */
    public static boolean isValid(String id) {
        try {
            parse(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkPart(String part, String whole) {
        if (part == null || !PART.matcher(part).matches() || part.contains("..") || part.contains("--")
                || part.endsWith(".") || part.endsWith("-")) {
            throw new IllegalArgumentException("\"" + whole + "\" is not a valid repository id"
                    + " (letters, digits and . _ - only; no .., no --)");
        }
    }

    /** The repository's folder in the hub cache, as huggingface_hub names it. */
    public String cacheFolderName() {
        return "models--" + (owner == null ? name : owner + "--" + name);
    }

    /** The id as written in URLs: {@code owner/name}. */
    @Override
    public String toString() {
        return owner == null ? name : owner + "/" + name;
    }
}
