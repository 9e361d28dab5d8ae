package org.writeahead.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.writeahead.io.TextFiles;
import org.writeahead.tokenize.Gpt2Tokenizer;

/**
 * The training text: every {@code .txt} file of a folder, tokenized, with end-of-text between
 * files, split into training and validation by whole files (a held-out book measures what the
 * model learned about English, not what it memorized of the neighbouring pages).
 */
public final class Corpus {

    /** Every tenth file (by name) is held out; a folder with one file holds out its last tenth. */
    static final int VALIDATION_EVERY = 10;

    private final int[] train;
    private final int[] validation;
    private final List<String> trainFiles;
    private final List<String> validationFiles;

    private Corpus(int[] train, int[] validation, List<String> trainFiles, List<String> validationFiles) {
        this.train = train;
        this.validation = validation;
        this.trainFiles = trainFiles;
        this.validationFiles = validationFiles;
    }

    /**
     * The .txt files of a data folder, sorted; a folder that is missing or has none is refused,
     * so that the command can check its --data before it creates anything.
     */
    public static List<Path> textFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new TextFiles.NotTextException(folder + " is not a folder");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.txt")) {
            stream.forEach(files::add);
        }
        files.removeIf(f -> !Files.isRegularFile(f));
        files.sort(null);
        if (files.isEmpty()) {
            throw new TextFiles.NotTextException(folder + " has no .txt files to train on");
        }
        return files;
    }

    public static Corpus load(Path folder, Gpt2Tokenizer tokenizer) throws IOException {
        List<Path> files = textFiles(folder);
        int eos = Math.max(tokenizer.vocab().eosId(), 0);
        TokenBuffer train = new TokenBuffer();
        TokenBuffer validation = new TokenBuffer();
        List<String> trainNames = new ArrayList<>();
        List<String> validationNames = new ArrayList<>();
        if (files.size() == 1) {
            int[] ids = tokenizer.encode(TextFiles.read(files.get(0)));
            int cut = ids.length - ids.length / VALIDATION_EVERY;
            train.add(ids, 0, cut);
            validation.add(ids, cut, ids.length);
            trainNames.add(files.get(0).getFileName() + " (first 90%)");
            validationNames.add(files.get(0).getFileName() + " (last 10%)");
        } else {
            for (int i = 0; i < files.size(); i++) {
                boolean held = i % VALIDATION_EVERY == VALIDATION_EVERY - 1 || (files.size() < VALIDATION_EVERY && i == files.size() - 1);
                int[] ids = tokenizer.encode(TextFiles.read(files.get(i)));
                (held ? validation : train).add(ids, 0, ids.length);
                (held ? validation : train).add(new int[] {eos}, 0, 1);
                (held ? validationNames : trainNames).add(files.get(i).getFileName().toString());
            }
        }
        return new Corpus(train.toArray(), validation.toArray(), trainNames, validationNames);
    }

    public int[] train() {
        return train;
    }

    public int[] validation() {
        return validation;
    }

    public List<String> trainFiles() {
        return trainFiles;
    }

    public List<String> validationFiles() {
        return validationFiles;
    }

    /** A growable int array. */
    private static final class TokenBuffer {
        private int[] data = new int[1 << 16];
        private int size;

        void add(int[] ids, int from, int to) {
            int n = to - from;
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + n));
            }
            System.arraycopy(ids, from, data, size, n);
            size += n;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
