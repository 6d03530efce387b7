package io.netdata.netipc.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bench_posix}: the Java side of the reference POSIX benchmark driver,
 * with the same subcommands, positional arguments and one-line CSV output.
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
 * <p>Exit status 0 on success, 1 on a failed run (a wrong answer among them),
 * 2 on bad arguments.
 *
 * <p>Thread-safety: a process entry point.
 */
public final class BenchPosix {
    private static final int USAGE = 2;
    private static final int FAILED = 1;
    private static final String SERVER_LANGUAGE_VARIABLE = "NETIPC_BENCH_SERVER_LANG";
    private static final String DEFAULT_SERVER_LANGUAGE = "java";

    private record Scenario(String name, long profiles, BenchServer.Kind kind, boolean batch) {
    }

    private static final Map<String, Scenario> SCENARIOS = Map.of(
            "uds-ping-pong", new Scenario("uds-ping-pong", BenchConstants.PROFILE_UDS, BenchServer.Kind.INCREMENT,
                    false),
            "shm-ping-pong", new Scenario("shm-ping-pong", BenchConstants.PROFILE_SHM, BenchServer.Kind.INCREMENT,
                    false),
            "uds-batch-ping-pong", new Scenario("uds-batch-ping-pong", BenchConstants.PROFILE_UDS,
                    BenchServer.Kind.INCREMENT, true),
            "shm-batch-ping-pong", new Scenario("shm-batch-ping-pong", BenchConstants.PROFILE_SHM,
                    BenchServer.Kind.INCREMENT, true),
            "snapshot", new Scenario("snapshot-baseline", BenchConstants.PROFILE_UDS, BenchServer.Kind.SNAPSHOT,
                    false),
            "snapshot-shm", new Scenario("snapshot-shm", BenchConstants.PROFILE_SHM, BenchServer.Kind.SNAPSHOT,
                    false));

    private BenchPosix() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length >= 2 && args[0].equals("lookup-bench")) {
            return lookupBench(args);
        }
        if (args.length >= 4 && args[0].equals("lookup-method-bench")) {
            return lookupMethodBench(args);
        }
        if (args.length < 3) {
            return usage();
        }
        String command = args[0];
        boolean server = command.endsWith("-server");
        boolean client = command.endsWith("-client");
        Scenario scenario = SCENARIOS.get(command.substring(0, Math.max(0, command.lastIndexOf('-'))));
        if (scenario == null || (!server && !client)) {
            return usage();
        }
        try {
            Path runDir = Path.of(args[1]).toAbsolutePath();
            String service = args[2];
            if (server) {
                int duration = args.length > 3 ? Integer.parseInt(args[3]) : BenchConstants.DEFAULT_SERVER_SECONDS;
                return BenchServer.run(runDir, service, scenario.profiles(), duration, scenario.kind(),
                        scenario.batch());
            }
            if (args.length < 5) {
                return usage();
            }
            int duration = Integer.parseInt(args[3]);
            long rate = Long.parseUnsignedLong(args[4]);
            Measurement measurement = scenario.kind() == BenchServer.Kind.SNAPSHOT
                    ? BenchClients.snapshot(runDir, service, scenario.profiles(), duration, rate)
                    : scenario.batch() ? BenchClients.batchPingPong(runDir, service, scenario.profiles(), duration,
                            rate) : BenchClients.pingPong(runDir, service, scenario.profiles(), duration, rate);
            System.out.println(measurement.csv(scenario.name(),
                    System.getenv().getOrDefault(SERVER_LANGUAGE_VARIABLE, DEFAULT_SERVER_LANGUAGE)));
            System.out.flush();
            return 0;
        } catch (NumberFormatException e) {
            return usage();
        } catch (BenchClients.WrongAnswer e) {
            System.err.println("client: wrong answer: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            System.err.println(command + ": " + e);
            return FAILED;
        }
    }

    private static int lookupBench(String[] args) {
        try {
            System.out.println(LookupBenches.lookupBench(Integer.parseInt(args[1])));
            return 0;
        } catch (NumberFormatException e) {
            return usage();
        } catch (Exception e) {
            System.err.println("lookup-bench: " + e.getMessage());
            return FAILED;
        }
    }

    private static int lookupMethodBench(String[] args) {
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse(args[2]);
        if (scenario == null) {
            System.err.println("lookup-method-bench: invalid scenario: " + args[2]);
            return FAILED;
        }
        try {
            Measurement measurement = LookupBenches.lookupMethodBench(Integer.parseInt(args[1]), scenario,
                    Long.parseUnsignedLong(args[3]));
            System.out.println(measurement.csv(scenario.name(), Measurement.CLIENT_LANGUAGE));
            return 0;
        } catch (NumberFormatException e) {
            return usage();
        } catch (Exception e) {
            System.err.println("lookup-method-bench: " + e.getMessage());
            return FAILED;
        }
    }

    private static int usage() {
        System.err.println("""
                Usage:
                  bench_posix uds-ping-pong-server        RUN_DIR SERVICE [DURATION_SEC]
                  bench_posix uds-ping-pong-client        RUN_DIR SERVICE DURATION_SEC TARGET_RPS
                  bench_posix shm-ping-pong-server|client (as above)
                  bench_posix uds-batch-ping-pong-server|client, shm-batch-ping-pong-server|client
                  bench_posix snapshot-server|client, snapshot-shm-server|client
                  bench_posix lookup-bench                DURATION_SEC
                  bench_posix lookup-method-bench         DURATION_SEC SCENARIO TARGET_RPS
                SCENARIO: (cgroups|apps)-lookup-...-(known|unknown|mixed)-(1|16|256|8192|32768).
                TARGET_RPS 0 means as fast as possible.""");
        return USAGE;
    }
}
