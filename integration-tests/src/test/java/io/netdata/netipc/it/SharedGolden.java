package io.netdata.netipc.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the golden vectors of the reference implementation,
 * {@code <shared>/golden}: the shared directory is the system property
 * {@value #PROPERTY} (set by surefire and failsafe to {@code <project>/../shared})
 * or else the first {@code shared/} with a golden manifest found walking up from
 * the working directory. Tests fail, rather than skip, without it.
 */
final class SharedGolden {
    static final String PROPERTY = "netipc.shared.dir";
    /** The reference's {@code interop_codec encode} output. */
    static final String INTEROP_CODEC_DIR = "interop-codec";
    static final String VALID_DIR = "valid";

    private static final String SHARED = "shared";
    private static final String GOLDEN = "golden";
    private static final String MANIFEST = "manifest.json";

    private SharedGolden() {
    }

    static Path dir() {
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

    static Path path(String relative) {
        return dir().resolve(relative);
    }
}
