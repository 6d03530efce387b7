package io.netdata.netipc.it;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The directory an interop fixture reads or writes, checked with the rules of
 * the reference fixtures: an absolute path without {@code ..}, naming an
 * existing directory that is not a symbolic link; on POSIX systems it must also
 * belong to the user running the fixture and not be writable by group or
 * others, so that nobody else can plant or swap files in it.
 *
 * <p>Thread-safety: stateless.
 */
final class RunDirectory {
    private static final String PARENT = "..";
    private static final String UNIX_VIEW = "unix";
    private static final String UNIX_UID = UNIX_VIEW + ":uid";
    private static final Set<PosixFilePermission> SHARED_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private RunDirectory() {
    }

    /**
     * Checks {@code argument} and returns it as a path.
     *
     * @throws InvalidRunDirectoryException naming the broken rule
     */
    static Path check(String argument) throws InvalidRunDirectoryException {
        Path dir = parse(argument);
        if (!dir.isAbsolute() || hasParentComponent(dir)) {
            throw new InvalidRunDirectoryException("the run directory must be an absolute path without '..': "
                    + argument);
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(dir)) {
            throw new InvalidRunDirectoryException("the run directory must exist and must not be a symbolic link: "
                    + argument);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRunDirectoryException("the run directory is not a directory: " + argument);
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains(UNIX_VIEW)) {
            checkPrivate(dir, argument);
        }
        return dir;
    }

    private static Path parse(String argument) throws InvalidRunDirectoryException {
        try {
            return Path.of(argument);
        } catch (InvalidPathException e) {
            throw new InvalidRunDirectoryException("the run directory is not a valid path: " + argument);
        }
    }

    private static boolean hasParentComponent(Path dir) {
        for (Path name : dir) {
            if (PARENT.equals(name.toString())) {
                return true;
            }
        }
        return false;
    }

    private static void checkPrivate(Path dir, String argument) throws InvalidRunDirectoryException {
        try {
            Object owner = Files.getAttribute(dir, UNIX_UID, LinkOption.NOFOLLOW_LINKS);
            if (!(owner instanceof Integer uid) || uid != new UnixSystem().getUid()) {
                throw new InvalidRunDirectoryException("the run directory does not belong to this user: " + argument);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(SHARED_WRITE::contains)) {
                throw new InvalidRunDirectoryException("the run directory is writable by group or others: "
                        + argument);
            }
        } catch (IOException e) {
            throw new InvalidRunDirectoryException("cannot inspect the run directory " + argument + ": "
                    + e.getMessage());
        }
    }

    /** The run directory breaks a rule; the message says which. */
    static final class InvalidRunDirectoryException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRunDirectoryException(String message) {
            super(message, null, false, false);
        }
    }
}
