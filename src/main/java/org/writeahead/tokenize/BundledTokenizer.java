package org.writeahead.tokenize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** GPT-2's own tokenizer.json, shipped inside WriteAhead for the models it writes itself. */
public final class BundledTokenizer {

    private static final String RESOURCE = "/org/writeahead/gpt2/tokenizer.json";

    private BundledTokenizer() {}

    /** Writes GPT-2's tokenizer.json into the folder (atomically: a temporary file, then a rename). */
    public static void copyTo(Path folder) throws IOException {
        Path target = folder.resolve("tokenizer.json");
        Path tmp = folder.resolve("tokenizer.json.tmp");
        try (InputStream in = BundledTokenizer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("GPT-2's tokenizer.json is missing from WriteAhead's jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
