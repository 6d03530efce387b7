package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's run-directory rules and messages. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    private static void assertRefused(String input, long euid, String message) {
        assertThatThrownBy(() -> RunDirectory.resolve(input, euid)).isInstanceOf(RunDirectory.Invalid.class)
                .hasMessage(message);
    }

    private static long owner(Path path) throws Exception {
        return ((Integer) Files.getAttribute(path, "unix:uid")).longValue();
    }

    @Test
    void aPrivateDirectoryOfThisUserIsAccepted() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(RunDirectory.resolve(dir.toString())).isEqualTo(dir);
        assertThat(RunDirectory.resolve(dir + "/")).isEqualTo(dir);
    }

    @Test
    void relativePathsAndParentComponentsAreRefused() throws Exception {
        long me = owner(dir);
        String message = "run directory must be an absolute path without '..': ";
        for (String input : new String[] {"relative", "./x", "..", "../x", dir + "/..", dir + "/../"
            + dir.getFileName(), ""}) {
            assertRefused(input, me, message + input);
        }
        assertThat(RunDirectory.hasParentComponent("/a/..b/c")).isFalse();
        assertThat(RunDirectory.hasParentComponent("/a/b..")).isFalse();
    }

    @Test
    void missingLinksFilesAndOtherOwnersAreRefused() throws Exception {
        long me = owner(dir);
        Path missing = dir.resolve("missing");
        assertRefused(missing.toString(), me, "run directory must exist and not be a symlink: " + missing);
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        assertRefused(link.toString(), me, "run directory must exist and not be a symlink: " + link);
        Path file = Files.createFile(dir.resolve("file"));
        assertRefused(file.toString(), me, "run directory is not a directory: " + file);
        assertRefused(dir.toString(), me + 1, "run directory is not owned by this user: " + dir);
    }

    @Test
    void groupOrWorldWritableDirectoriesAreRefused() throws Exception {
        long me = owner(dir);
        for (String mode : new String[] {"rwxrwx---", "rwx---rwx", "rwx-w----"}) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            assertRefused(dir.toString(), me, "run directory is group/world writable: " + dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void thisProcesssEffectiveUidOwnsWhatItCreates() throws Exception {
        assertThat(RunDirectory.effectiveUid()).isEqualTo(owner(dir));
    }
}
