package io.netdata.netipc.it;

import io.netdata.netipc.it.RunDirectory.InvalidRunDirectoryException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Java SHM interop fixture, with the command-line contract of the
 * reference implementations' {@code interop_shm}: a bare region of session 1,
 * without a UDS handshake.
 *
 * <pre>
 * interop_shm server RUN_DIR SERVICE   create the region, echo one request, remove the region
 * interop_shm client RUN_DIR SERVICE   attach, send one request, check the echo
 * </pre>
 *
 * <p>The server prints {@code READY} once the region exists, and
 * {@code NIPC_SHM_ALLOCATE_ENOSPC} on standard error when the file system has no
 * room to reserve it. The client prints {@code PASS} or {@code FAIL} after
 * checking the echo (nothing when it cannot attach or send). Diagnostics go to
 * standard error; the exit code is 0 on success and 1 otherwise. The run
 * directory is checked as for {@link InteropUds}.
 *
 * <p>Thread-safety: stateless.
 */
public final class InteropShm {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    static final String SERVER = "server";
    static final String CLIENT = "client";

    private static final int ARGS = 3;
    private static final int MODE = 0;
    private static final int RUN_DIR = 1;
    private static final int SERVICE = 2;

    private static final String USAGE = "Usage: interop_shm <server|client> <run_dir> <service_name>";

    private InteropShm() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the fixture; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != ARGS) {
            err.println(USAGE);
            return EXIT_FAILED;
        }
        Path runDir;
        try {
            runDir = RunDirectory.check(args[RUN_DIR]);
        } catch (InvalidRunDirectoryException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        String mode = args[MODE];
        String service = args[SERVICE];
        switch (mode) {
            case SERVER:
                return new InteropShmServer(out, err).echoOne(runDir, service);
            case CLIENT:
                return new InteropShmClient(out, err).echoOne(runDir, service);
            default:
                err.println("Unknown mode: " + mode);
                return EXIT_FAILED;
        }
    }
}
