package io.netdata.netipc.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the {@code shared/} directory that sits beside the project checkout
 * and holds the golden vectors produced by the reference implementation.
 *
 * <p>The system property {@value #PROPERTY} wins (the surefire configuration
 * sets it to {@code <project>/../shared}); without it, the working directory and
 * each of its ancestors are searched for {@code shared/golden/manifest.json}.
 * Tests that need the files fail, rather than skip, when they cannot be found:
 * CI always provides them.
 */
public final class SharedFiles {
    /** System property naming the shared directory. */
    public static final String PROPERTY = "netipc.shared.dir";

    private static final String SHARED = "shared";
    private static final String GOLDEN = "golden";
    private static final String MANIFEST = "manifest.json";

    private SharedFiles() {
    }

    /** The shared directory, containing {@code golden/manifest.json}. */
    public static Path sharedDir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!hasManifest(dir)) {
                throw new AssertionError("System property " + PROPERTY + " is " + dir + ", which does not contain "
                        + Path.of(GOLDEN, MANIFEST) + "; point it at a checkout of the shared golden vectors");
            }
            return dir;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHARED);
            if (hasManifest(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("Cannot find " + Path.of(SHARED, GOLDEN, MANIFEST) + " in " + start
                + " or any of its ancestors, and system property " + PROPERTY + " is not set; check out the shared"
                + " golden vectors beside the project (../shared) or set -D" + PROPERTY + "=<dir>");
    }

    /** The golden vectors directory, {@code <shared>/golden}. */
    public static Path goldenDir() {
        return sharedDir().resolve(GOLDEN);
    }

    private static boolean hasManifest(Path dir) {
        return Files.isRegularFile(dir.resolve(GOLDEN).resolve(MANIFEST));
    }
}
