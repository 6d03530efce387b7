package io.netdata.netipc.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private (0700) temporary run directory, removed with everything in it when
 * closed, and by a shutdown hook when the process is stopped by a signal first.
 * Used in try-with-resources, a failure to remove it never hides the failure
 * of the work inside: Java adds it to that failure as a suppressed exception.
 *
 * <p>Thread-safety: {@link #close} may race with the shutdown hook; both only delete.
 */
public final class TempRunDir implements AutoCloseable {
    private static final String OWNER_ONLY = "rwx------";

    private final Path path;
    private final Thread hook;

    private TempRunDir(Path path) {
        this.path = path;
        this.hook = new Thread(() -> {
            try {
                deleteTree(path);
            } catch (IOException e) {
                // The process is going away: nothing is left to report to.
            }
        }, "bench-temp-dir-cleanup");
    }

    /** Creates a new directory {@code prefix...} under {@code parent}. */
    public static TempRunDir create(Path parent, String prefix) throws IOException {
        TempRunDir dir = new TempRunDir(Files.createTempDirectory(parent, prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY))));
        Runtime.getRuntime().addShutdownHook(dir.hook);
        return dir;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown has begun: the hook removes the directory as well; deleting twice is harmless.
        }
        deleteTree(path);
    }

    /** Deletes {@code root} and everything under it; a file that is already gone is no error. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Removed meanwhile (the shutdown hook, or a runner's rm -rf).
        }
    }
}
