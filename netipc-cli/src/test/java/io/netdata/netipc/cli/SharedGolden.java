package io.netdata.netipc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only access to the golden vectors of the reference implementation in
 * {@code <shared>/golden}. The shared directory is the system property
 * {@value #PROPERTY} (set by surefire to {@code <project>/../shared}) or else the
 * first {@code shared/} with a golden manifest found walking up from the working
 * directory. Tests fail, rather than skip, without it.
 */
public final class SharedGolden {
    public static final String PROPERTY = "netipc.shared.dir";
    public static final String VALID_DIR = "valid";
    public static final String DIFFERENTIAL = "differential.jsonl";

    private static final String SHARED = "shared";
    private static final String GOLDEN = "golden";
    private static final String MANIFEST = "manifest.json";

    private SharedGolden() {
    }

    /** The golden directory, {@code <shared>/golden}. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path golden = Path.of(configured).toAbsolutePath().normalize().resolve(GOLDEN);
            if (!Files.isRegularFile(golden.resolve(MANIFEST))) {
                throw new AssertionError("-D" + PROPERTY + " names " + golden.getParent() + ", which has no "
                        + Path.of(GOLDEN, MANIFEST) + "; point it at the shared golden vectors");
            }
            return golden;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path golden = dir.resolve(SHARED).resolve(GOLDEN);
            if (Files.isRegularFile(golden.resolve(MANIFEST))) {
                return golden;
            }
        }
        throw new AssertionError("cannot find " + Path.of(SHARED, GOLDEN, MANIFEST) + " in " + start
                + " or its ancestors and -D" + PROPERTY + " is not set; check out the shared golden vectors"
                + " beside the project (../shared)");
    }

    /** A file or directory inside the golden directory. */
    public static Path path(String relative) {
        return dir().resolve(relative);
    }

    /** The entries of {@code manifest.json}: {@code file}, {@code type}, {@code fields}. */
    public static List<JsonNode> manifest() {
        return new ArrayList<>(JsonMapper.shared().readTree(path(MANIFEST).toFile()).values());
    }

    /** The parsed lines of {@code differential.jsonl}. */
    public static List<JsonNode> differential() {
        try {
            return Files.readAllLines(path(DIFFERENTIAL)).stream().map(JsonMapper.shared()::readTree).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
