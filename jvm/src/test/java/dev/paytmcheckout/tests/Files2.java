package dev.paytmcheckout.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading the shared vectors (Java 8: no Files.readString). */
final class Files2 {
    private Files2() {}

    static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }

    static byte[] bytes(File f) throws IOException {
        return Files.readAllBytes(f.toPath());
    }

    static List<File> dirs(File parent) {
        File[] all = parent.listFiles(File::isDirectory);
        List<File> out = new ArrayList<>(all == null ? new ArrayList<File>() : Arrays.asList(all));
        out.sort(null);
        return out;
    }
}
