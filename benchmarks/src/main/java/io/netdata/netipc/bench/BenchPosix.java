package io.netdata.netipc.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code bench_posix}: the Java side of the reference POSIX benchmark driver,
 * with the same subcommands, positional arguments, exit statuses and one-line
 * CSV output.
 *
 * <pre>
 *   uds-ping-pong-server        RUN_DIR SERVICE [DURATION]
 *   uds-ping-pong-client        RUN_DIR SERVICE DURATION TARGET_RPS
 *   shm-ping-pong-server|client (the same, over SHM)
 *   uds-batch-ping-pong-server|client, shm-batch-ping-pong-server|client
 *   snapshot-server|client, snapshot-shm-server|client
 *   lookup-bench                DURATION
 *   lookup-method-bench         DURATION SCENARIO TARGET_RPS
 * </pre>
 *
 * <p>Exit status 0 on success and 1 on anything else, as the reference's: a
 * failed run (a wrong answer among them, which prints no CSV line), a refused
 * run directory, a missing argument or an unknown subcommand ({@code Unknown
 * subcommand: X} before the usage). A server stopped by SIGTERM or SIGINT
 * prints {@code SERVER_CPU_SEC} and exits 0, as the reference's.
 *
 * <p>One deliberate difference: the reference reads numbers with {@code atoi}
 * and {@code strtoull}, so {@code abc} is a duration of 0; here a number that
 * does not parse is a usage error (exit 1).
 *
 * <p>Thread-safety: a process entry point.
 */
public final class BenchPosix {
    static final int OK = 0;
    static final int FAILED = 1;
    private static final String PROGRAM = "bench_posix";
    private static final String SERVER_SUFFIX = "-server";
    private static final String CLIENT_SUFFIX = "-client";
    /** Arguments after the subcommand: RUN_DIR SERVICE for a server, and DURATION TARGET_RPS for a client. */
    private static final int SERVER_ARGUMENTS = 2;
    private static final int CLIENT_ARGUMENTS = 4;
    private static final int LOOKUP_BENCH_ARGUMENTS = 1;
    private static final int LOOKUP_METHOD_ARGUMENTS = 3;
    /** How long a signal waits for the server to print its CPU before the process gives up on it. */
    private static final long SIGNAL_STOP_TIMEOUT_SECONDS = 30;
    private static final String SERVER_LANGUAGE_VARIABLE = "NETIPC_BENCH_SERVER_LANG";
    private static final String DEFAULT_SERVER_LANGUAGE = "java";
    private static final String TEMP_DIRECTORY_PROPERTY = "java.io.tmpdir";

    /** A pair scenario: its CSV name and what its server serves. */
    private record Scenario(String name, BenchServer.Service service) {
    }

    private static final Map<String, Scenario> SCENARIOS = Map.of(
            "uds-ping-pong", new Scenario("uds-ping-pong", new BenchServer.Service(BenchConstants.PROFILE_UDS,
                    BenchServer.Kind.INCREMENT, false)),
            "shm-ping-pong", new Scenario("shm-ping-pong", new BenchServer.Service(BenchConstants.PROFILE_SHM,
                    BenchServer.Kind.INCREMENT, false)),
            "uds-batch-ping-pong", new Scenario("uds-batch-ping-pong", new BenchServer.Service(
                    BenchConstants.PROFILE_UDS, BenchServer.Kind.INCREMENT, true)),
            "shm-batch-ping-pong", new Scenario("shm-batch-ping-pong", new BenchServer.Service(
                    BenchConstants.PROFILE_SHM, BenchServer.Kind.INCREMENT, true)),
            "snapshot", new Scenario("snapshot-baseline", new BenchServer.Service(BenchConstants.PROFILE_UDS,
                    BenchServer.Kind.SNAPSHOT, false)),
            "snapshot-shm", new Scenario("snapshot-shm", new BenchServer.Service(BenchConstants.PROFILE_SHM,
                    BenchServer.Kind.SNAPSHOT, false)));

    private BenchPosix() {
    }

    public static void main(String[] args) {
        SignalStop signals = new SignalStop();
        int status = FAILED;
        try {
            status = run(args, System.out, System.err, signals::install);
        } finally {
            signals.finished(status);
        }
        System.exit(status);
    }

    /**
     * Runs one subcommand and returns the exit status.
     *
     * @param serverStop called by a server subcommand before it prints READY; the latch it returns stops
     *     the server when counted down
     */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<CountDownLatch> serverStop) {
        if (args.length == 0) {
            return usage(err);
        }
        String command = args[0];
        switch (command) {
            case "lookup-bench":
                return args.length < 1 + LOOKUP_BENCH_ARGUMENTS ? usage(err) : lookupBench(args, out, err);
            case "lookup-method-bench":
                return args.length < 1 + LOOKUP_METHOD_ARGUMENTS ? usage(err) : lookupMethodBench(args, out, err);
            default:
                break;
        }
        boolean server = command.endsWith(SERVER_SUFFIX);
        Scenario scenario = server || command.endsWith(CLIENT_SUFFIX)
                ? SCENARIOS.get(command.substring(0, command.lastIndexOf('-'))) : null;
        if (scenario == null) {
            err.println("Unknown subcommand: " + command);
            return usage(err);
        }
        if (args.length < 1 + (server ? SERVER_ARGUMENTS : CLIENT_ARGUMENTS)) {
            return usage(err);
        }
        Path runDir;
        try {
            runDir = RunDirectory.resolve(args[1]);
        } catch (RunDirectory.Invalid e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println(command + ": " + e);
            return FAILED;
        }
        String service = args[2];
        try {
            if (server) {
                int duration = args.length > 3 ? Integer.parseInt(args[3]) : BenchConstants.DEFAULT_SERVER_SECONDS;
                return BenchServer.run(runDir, service, scenario.service(), duration,
                        BenchConstants.SERVER_GRACE_SECONDS, serverStop.get(), out);
            }
            int duration = Integer.parseInt(args[3]);
            long rate = Long.parseUnsignedLong(args[4]);
            Measurement measurement = client(scenario, runDir, service, duration, rate);
            out.println(measurement.csv(scenario.name(),
                    System.getenv().getOrDefault(SERVER_LANGUAGE_VARIABLE, DEFAULT_SERVER_LANGUAGE)));
            out.flush();
            return OK;
        } catch (NumberFormatException e) {
            return usage(err);
        } catch (BenchClients.WrongAnswer e) {
            err.println("client: wrong answer: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println(command + ": " + e);
            return FAILED;
        }
    }

    private static Measurement client(Scenario scenario, Path runDir, String service, int duration, long rate)
            throws Exception {
        BenchServer.Service served = scenario.service();
        if (served.kind() == BenchServer.Kind.SNAPSHOT) {
            return BenchClients.snapshot(runDir, service, served.profiles(), duration, rate);
        }
        return served.batch() ? BenchClients.batchPingPong(runDir, service, served.profiles(), duration, rate)
                : BenchClients.pingPong(runDir, service, served.profiles(), duration, rate);
    }

    private static int lookupBench(String[] args, PrintStream out, PrintStream err) {
        try {
            int duration = Integer.parseInt(args[1]);
            out.println(LookupBenches.lookupBench(duration, Path.of(System.getProperty(TEMP_DIRECTORY_PROPERTY))));
            out.flush();
            return OK;
        } catch (NumberFormatException e) {
            return usage(err);
        } catch (Exception e) {
            err.println("lookup-bench: " + e.getMessage());
            return FAILED;
        }
    }

    private static int lookupMethodBench(String[] args, PrintStream out, PrintStream err) {
        int duration;
        long rate;
        try {
            duration = Integer.parseInt(args[1]);
            rate = Long.parseUnsignedLong(args[3]);
        } catch (NumberFormatException e) {
            return usage(err);
        }
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse(args[2]);
        if (scenario == null) {
            err.println("lookup-method-bench: invalid scenario: " + args[2]);
            return FAILED;
        }
        try {
            Measurement measurement = LookupBenches.lookupMethodBench(duration, scenario, rate);
            out.println(measurement.csv(scenario.name(), Measurement.CLIENT_LANGUAGE));
            out.flush();
            return OK;
        } catch (BenchClients.WrongAnswer e) {
            err.println("lookup-method-bench: wrong answer: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("lookup-method-bench: " + e);
            return FAILED;
        }
    }

    /** The reference's usage text, with this driver's subcommands; exit status 1 as there. */
    static int usage(PrintStream err) {
        String p = PROGRAM;
        err.print("Usage:\n"
                + "  " + p + " uds-ping-pong-server         <run_dir> <service> [duration_sec]\n"
                + "  " + p + " uds-ping-pong-client         <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " shm-ping-pong-server         <run_dir> <service> [duration_sec]\n"
                + "  " + p + " shm-ping-pong-client         <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " uds-batch-ping-pong-server   <run_dir> <service> [duration_sec]\n"
                + "  " + p + " uds-batch-ping-pong-client   <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " shm-batch-ping-pong-server   <run_dir> <service> [duration_sec]\n"
                + "  " + p + " shm-batch-ping-pong-client   <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " snapshot-server              <run_dir> <service> [duration_sec]\n"
                + "  " + p + " snapshot-client              <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " snapshot-shm-server          <run_dir> <service> [duration_sec]\n"
                + "  " + p + " snapshot-shm-client          <run_dir> <service> <duration_sec> <target_rps>\n"
                + "  " + p + " lookup-bench                 <duration_sec>\n"
                + "  " + p + " lookup-method-bench          <duration_sec> <scenario> <target_rps>\n");
        err.flush();
        return FAILED;
    }

    /**
     * SIGTERM and SIGINT for a server process. The JVM turns them into a shutdown, whose exit status
     * (143, 130) is not the reference's 0 and in which {@code System.exit} blocks: so the hook stops the
     * server, waits until {@code main} has printed SERVER_CPU_SEC and halts with {@code main}'s status.
     * Whatever the order of a signal, the server's own timer and {@code main}'s {@code System.exit}, the
     * process ends with that status: a shutdown that {@code System.exit} began finds it already recorded.
     */
    private static final class SignalStop {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final AtomicInteger status = new AtomicInteger(FAILED);

        CountDownLatch install() {
            Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "bench-server-stop"));
            return stop;
        }

        void finished(int exitStatus) {
            status.set(exitStatus);
            finished.countDown();
        }

        private void onShutdown() {
            stop.countDown();
            boolean done;
            try {
                done = finished.await(SIGNAL_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(done ? status.get() : FAILED);
        }
    }
}
