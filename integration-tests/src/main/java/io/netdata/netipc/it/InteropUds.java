package io.netdata.netipc.it;

import io.netdata.netipc.it.RunDirectory.InvalidRunDirectoryException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Java UDS interop fixture, with the command-line contract of the
 * reference implementations' {@code interop_uds}:
 *
 * <pre>
 * interop_uds server          RUN_DIR SERVICE        echo one request, then exit
 * interop_uds client          RUN_DIR SERVICE        send one request, check the echo
 * interop_uds pipeline-server RUN_DIR SERVICE COUNT  echo COUNT requests on one session
 * interop_uds pipeline-client RUN_DIR SERVICE COUNT  send COUNT requests, then read COUNT echoes
 * </pre>
 *
 * <p>Servers print {@code READY} on standard output once they listen, so that a
 * test script knows when to start the client. Clients print {@code PASS} or
 * {@code FAIL} after checking what came back (nothing when they cannot connect
 * or send). Diagnostics go to standard error. The exit code is 0 on success
 * and 1 otherwise, with one exception kept from the reference: a pipeline
 * server exits 0 even when its session fails, because the client's verdict is
 * the result of a pipeline test. The mode {@code pipeline} exists only to say
 * that the two pipeline modes must be used instead.
 *
 * <p>As in the reference, the run directory is checked (see {@link RunDirectory})
 * before the mode, and a {@code COUNT} is read like C's {@code atoi}
 * ({@link CountArgument}).
 *
 * <p>Thread-safety: stateless.
 */
public final class InteropUds {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    static final String SERVER = "server";
    static final String CLIENT = "client";
    static final String PIPELINE = "pipeline";
    static final String PIPELINE_SERVER = "pipeline-server";
    static final String PIPELINE_CLIENT = "pipeline-client";

    /** Mode, run directory and service come before anything else is looked at. */
    private static final int MIN_ARGS = 3;
    private static final int MODE = 0;
    private static final int RUN_DIR = 1;
    private static final int SERVICE = 2;
    private static final int COUNT = 3;

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage:",
            "  interop_uds " + SERVER + "          <run_dir> <service_name>",
            "  interop_uds " + CLIENT + "          <run_dir> <service_name>",
            "  interop_uds " + PIPELINE_SERVER + " <run_dir> <service_name> <count>",
            "  interop_uds " + PIPELINE_CLIENT + " <run_dir> <service_name> <count>");

    private InteropUds() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the fixture; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < MIN_ARGS) {
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
                return new InteropUdsServer(out, err).echoOne(runDir, service);
            case CLIENT:
                return new InteropUdsClient(out, err).echoOne(runDir, service);
            case PIPELINE:
                return refusePipeline(args, err);
            case PIPELINE_SERVER:
                if (args.length <= COUNT) {
                    err.println(PIPELINE_SERVER + " requires <count>");
                    return EXIT_FAILED;
                }
                return new InteropUdsServer(out, err).echoPipeline(runDir, service,
                        CountArgument.parse(args[COUNT]));
            case PIPELINE_CLIENT:
                if (args.length <= COUNT) {
                    err.println(PIPELINE_CLIENT + " requires <count>");
                    return EXIT_FAILED;
                }
                return new InteropUdsClient(out, err).pipeline(runDir, service, CountArgument.parse(args[COUNT]));
            default:
                err.println("Unknown mode: " + mode);
                return EXIT_FAILED;
        }
    }

    /**
     * The bare {@code pipeline} mode cannot tell whether to serve or to connect;
     * like the reference it validates its count, then names the modes to use.
     */
    private static int refusePipeline(String[] args, PrintStream err) {
        if (args.length <= COUNT) {
            err.println(PIPELINE + " mode requires <count> argument");
        } else if (CountArgument.parse(args[COUNT]) <= 0) {
            err.println("count must be > 0");
        } else {
            err.println("Use " + PIPELINE_SERVER + " or " + PIPELINE_CLIENT);
        }
        return EXIT_FAILED;
    }
}
