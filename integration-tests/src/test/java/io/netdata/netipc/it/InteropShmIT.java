package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdata.netipc.it.Launchers.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged SHM interop fixture ({@code integration-tests/bin/interop_shm})
 * as a separate process. The echo between two such processes runs in the
 * interop matrix ({@link InteropUdsIT}); here: a full backing store, as the
 * reference's full-tmpfs test checks it, and the argument errors.
 */
class InteropShmIT {
    /**
     * A tmpfs too small for the fixture's region (two 64 KiB areas and a header),
     * with room for the file's inode, as the reference's test mounts it.
     */
    private static final String SMALL_TMPFS_OPTIONS = "size=64k,nr_inodes=128,mode=0700";
    /** Mount-namespace flavours to try: as root, then as an unprivileged user in a user namespace. */
    private static final List<List<String>> NAMESPACES = List.of(List.of("-m"), List.of("-Urnm"));
    private static final String UNSHARE = "unshare";
    /**
     * In a private mount namespace: mounts the tmpfs on $1, runs the fixture $2 as
     * a server there, lists what is left in the tmpfs on standard output after a
     * marker line, and exits with the fixture's status. With no fixture it only
     * proves that the mount works.
     */
    private static final String IN_NAMESPACE = String.join("\n",
            "set -eu",
            "mount --make-rprivate /",
            "mount -t tmpfs -o " + SMALL_TMPFS_OPTIONS + " tmpfs \"$1\"",
            "[ \"$#\" -ge 2 ] || exit 0",
            "set +e",
            "\"$2\" server \"$1\" full",
            "status=$?",
            "echo " + InteropShmIT.LEFT_MARKER,
            "ls -A \"$1\"",
            "exit $status");
    private static final String LEFT_MARKER = "--- left in the tmpfs:";

    @TempDir
    Path work;

    @Test
    void fullBackingStoreIsAnAllocationErrorWithTheReferenceMarker() throws Exception {
        Path mountPoint = InteropFiles.privateDirectory(work.resolve("tmpfs"));
        Optional<List<String>> namespace = usableNamespace(mountPoint);
        assumeTrue(namespace.isPresent(), "this machine cannot mount a private tmpfs (needs unshare and "
                + "either root or unprivileged user namespaces); the allocation failure itself is covered by "
                + "ShmRegionAllocationTest under ulimit -f");

        Result result = inNamespace(namespace.get(), mountPoint, Launchers.interopShm().toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(result.err().lines()).contains(InteropShmServer.ALLOCATE_ENOSPC)
                .anyMatch(line -> line.startsWith("server: shm create failed: ALLOCATION_FAILED"));
        assertThat(result.outLines()).doesNotContain(InteropShmServer.READY)
                // Nothing may be left behind: the line after the marker would name it.
                .endsWith(LEFT_MARKER);
    }

    @Test
    void usageErrorsExit1WithoutOutput() throws Exception {
        Path runDir = InteropFiles.privateDirectory(work.resolve("run"));

        Result tooFew = Launchers.run(work, Launchers.interopShm(), null, "server");
        Result badMode = Launchers.run(work, Launchers.interopShm(), null, "serve", runDir.toString(), "svc");

        assertThat(tooFew.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(tooFew.out()).isEmpty();
        assertThat(tooFew.err()).contains("Usage: interop_shm");
        assertThat(badMode.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(badMode.out()).isEmpty();
        assertThat(badMode.err()).contains("Unknown mode: serve");
        assertThat(runDir).isEmptyDirectory();
    }

    /** The first namespace flavour in which a tmpfs can be mounted here, if any. */
    private Optional<List<String>> usableNamespace(Path mountPoint) throws InterruptedException {
        for (List<String> flavour : NAMESPACES) {
            try {
                if (inNamespace(flavour, mountPoint).exitCode() == 0) {
                    return Optional.of(flavour);
                }
            } catch (IOException e) {
                // No unshare program: no flavour can work.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Result inNamespace(List<String> flavour, Path mountPoint, String... fixture)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(flavour);
        args.addAll(List.of("sh", "-c", IN_NAMESPACE, "sh", mountPoint.toString()));
        args.addAll(List.of(fixture));
        return Launchers.run(work, Path.of(UNSHARE), null, args.toArray(String[]::new));
    }
}
