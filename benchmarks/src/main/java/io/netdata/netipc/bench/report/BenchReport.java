package io.netdata.netipc.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Generates {@code benchmarks-posix.md} from {@code benchmarks-posix.csv}:
 * the machine, per-scenario tables of every pair and rate, Java-versus-reference
 * ratios, the floor checks, and the local lookups and lookup methods (every
 * method at every pair rate). It refuses (exit 1, no report) a CSV that is
 * missing, lacks the header or holds a malformed row, and a matrix with a
 * missing or empty row, so that a report is never built on a partial run;
 * bad options are a usage error (exit 2). A quick run's report says that its
 * floors are indicative only.
 *
 * <pre>BenchReport CSV MD --drivers java,c --rates 0,100000,10000 --snapshot-rates 0,1000
 *     --lookup-methods a,b --mode full|quick --rounds 3 --lookup-rounds 9</pre>
 *
 * <p>Thread-safety: a process entry point.
 */
public final class BenchReport {
    static final List<String> PAIR_SCENARIOS = List.of("uds-ping-pong", "shm-ping-pong", "uds-batch-ping-pong",
            "shm-batch-ping-pong", "snapshot-baseline", "snapshot-shm");
    /** Scenarios whose Java→Java and mixed pairs must reach this share of C→C at maximum rate. */
    static final List<String> FLOOR_SCENARIOS = List.of("uds-ping-pong", "shm-ping-pong", "snapshot-baseline",
            "snapshot-shm");
    static final double PAIR_FLOOR = 0.9;
    static final double LOOKUP_FLOOR = 1.5;
    static final String JAVA = "java";
    static final String REFERENCE = "c";
    static final String LOOKUP = "lookup";
    static final String FULL = "full";
    static final String QUICK = "quick";
    private static final long MAX_RATE = 0;
    private static final int USAGE = 2;
    private static final int REFUSED = 1;
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,8}");
    /** A rate per second: 18 digits at most, so that it always fits a long. */
    private static final Pattern RATE = Pattern.compile("[0-9]{1,18}");

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException {
        if (args.length < 2 || args.length % 2 != 0) {
            System.err.println("usage: BenchReport CSV MD --drivers L --rates L --snapshot-rates L "
                    + "--lookup-methods L --mode M [--rounds N] [--lookup-rounds N (default: the rounds)]");
            return USAGE;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Optional<List<Long>> rates = rates(options.getOrDefault("--rates", "0"));
        Optional<List<Long>> snapshotRates = rates(options.getOrDefault("--snapshot-rates", "0"));
        if (rates.isEmpty() || snapshotRates.isEmpty()) {
            System.err.println("BenchReport: --rates and --snapshot-rates must be lists of rates (0: maximum)");
            return USAGE;
        }
        int rounds = positiveOption(options, "--rounds", 1);
        // A bad --rounds is said once: the lookup rounds then default to 1 rather than to it.
        int lookupRounds = positiveOption(options, "--lookup-rounds", Math.max(rounds, 1));
        if (rounds == 0 || lookupRounds == 0) {
            return USAGE;
        }
        String mode = options.getOrDefault("--mode", FULL);
        if (!mode.equals(FULL) && !mode.equals(QUICK)) {
            System.err.println("BenchReport: --mode must be " + FULL + " or " + QUICK);
            return USAGE;
        }
        Matrix matrix;
        try {
            matrix = Matrix.read(Path.of(args[0]), List.of(options.getOrDefault("--drivers", JAVA).split(",")),
                    rates.get(), snapshotRates.get(), List.of(options.getOrDefault("--lookup-methods", "")
                            .split(",")).stream().filter(s -> !s.isEmpty()).toList());
        } catch (IllegalArgumentException | NoSuchFileException e) {
            System.err.println("BenchReport: " + (e instanceof NoSuchFileException ? "no such file: " : "")
                    + e.getMessage() + "; no report");
            return REFUSED;
        }
        List<String> missing = matrix.missing();
        if (!missing.isEmpty()) {
            System.err.println("BenchReport: incomplete matrix, no report; missing or empty: " + missing);
            return REFUSED;
        }
        Files.writeString(Path.of(args[1]), render(matrix, mode, rounds, lookupRounds), StandardCharsets.UTF_8);
        return 0;
    }

    /**
     * Option {@code name} as a positive integer, {@code fallback} when it is absent; 0, said on stderr, when it
     * is not one (nine digits at most, so that it always fits an int).
     */
    private static int positiveOption(Map<String, String> options, String name, int fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        if (!POSITIVE_INT.matcher(text).matches()) {
            System.err.println("BenchReport: " + name + " must be a positive integer");
            return 0;
        }
        return Integer.parseInt(text);
    }

    /** The comma-separated rates of {@code list} (0: maximum), or empty when one is not a rate. */
    private static Optional<List<Long>> rates(String list) {
        List<Long> rates = new ArrayList<>();
        for (String rate : list.split(",")) {
            if (!RATE.matcher(rate).matches()) {
                return Optional.empty();
            }
            rates.add(Long.parseLong(rate));
        }
        return Optional.of(rates);
    }

    static String render(Matrix matrix, String mode, int rounds, int lookupRounds) {
        StringBuilder md = new StringBuilder();
        md.append("# netipc-java POSIX benchmarks\n\n")
                .append("Generated by `benchmarks/run-posix-matrix.sh` from `benchmarks-posix.csv`; do not edit.\n\n")
                .append("| | |\n|---|---|\n")
                .append("| date | ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" |\n| machine | ").append(Machine.describe()).append(" |\n| system call | ")
                .append(Machine.systemCallNanos()).append(" ns (getpid, best of five rounds) |\n| JDK | ")
                .append(System.getProperty("java.vendor")).append(' ').append(System.getProperty("java.version"))
                .append(" |\n| drivers | ").append(String.join(", ", matrix.drivers())).append(" |\n| mode | ")
                .append(mode).append(" |\n| rounds | ").append(rounds).append(" interleaved for the pairs at maximum "
                        + "rate, ").append(lookupRounds).append(" alternating for lookup-bench, each row the round "
                        + "with the median throughput; paced pairs and lookup methods run once |\n\n");
        boolean quick = mode.equals(QUICK);
        if (quick) {
            md.append(quickCaveat(rounds, lookupRounds));
        }
        Floors floors = new Floors(matrix, quick);
        md.append(floors.render());
        md.append(ratios(matrix));
        for (String scenario : PAIR_SCENARIOS) {
            md.append("## ").append(scenario).append("\n\n")
                    .append("| server | client | target/s | throughput/s | p50 µs | p95 µs | p99 µs | client CPU % "
                            + "| server CPU % | total CPU % |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (BenchRow row : matrix.rows(scenario)) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %d | %d | %d | %.1f | %.1f | %.1f |%n",
                        row.server(), row.client(), target(row), row.throughput(), row.p50(), row.p95(), row.p99(),
                        row.clientCpu(), row.serverCpu(), row.totalCpu()));
            }
            md.append('\n');
        }
        md.append("## Local lookups and lookup methods (no transport)\n\n")
                .append("| scenario | driver | target/s | per second | p50 µs | p95 µs | p99 µs | CPU % |\n"
                        + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchRow row : matrix.localRows()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %d | %d | %d | %.1f |%n", row.scenario(),
                    row.client(), target(row), row.throughput(), row.p50(), row.p95(), row.p99(), row.clientCpu()));
        }
        return md.toString();
    }

    /**
     * Stated first in a quick run's report: on a shared machine one short run of a pair moved by a factor of
     * two between runs minutes apart, and a quick run once missed 5 of 13 floors that the full matrix held.
     */
    static String quickCaveat(int rounds, int lookupRounds) {
        return "**Quick run: indicative only.** Every number here comes from " + (rounds == 1 ? "one short round"
                : rounds + " short rounds") + " (" + lookupRounds + " for lookup-bench; `--quick`: a few seconds per "
                + "run, maximum rate only), so the floors "
                + "below are indicative, not the evidence issue 7 asks for; that is the full matrix "
                + "(`run-posix-matrix.sh` without `--quick`, three interleaved rounds).\n\n";
    }

    private static String target(BenchRow row) {
        return row.targetRps() == MAX_RATE ? "max" : Long.toString(row.targetRps());
    }

    /** Java→Java against C→C, per scenario at the maximum rate. */
    private static String ratios(Matrix matrix) {
        if (!matrix.drivers().contains(REFERENCE)) {
            return "No reference driver in this run: no ratios, no floors.\n\n";
        }
        StringBuilder md = new StringBuilder("## Java against the reference (maximum rate)\n\n"
                + "| scenario | java→java | c→c | ratio | java client → c server | c client → java server |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String scenario : PAIR_SCENARIOS) {
            double reference = matrix.throughput(scenario, REFERENCE, REFERENCE);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %.2f |%n", scenario,
                    matrix.throughput(scenario, JAVA, JAVA), reference,
                    matrix.throughput(scenario, JAVA, JAVA) / reference,
                    matrix.throughput(scenario, JAVA, REFERENCE) / reference,
                    matrix.throughput(scenario, REFERENCE, JAVA) / reference));
        }
        return md.append('\n').toString();
    }

    /** The rows of one run and the matrix they should fill. */
    record Matrix(List<String> drivers, List<Long> rates, List<Long> snapshotRates, List<String> lookupMethods,
            Map<String, BenchRow> byKey) {
        static Matrix read(Path csv, List<String> drivers, List<Long> rates, List<Long> snapshotRates,
                List<String> lookupMethods) throws IOException {
            Map<String, BenchRow> rows = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(BenchRow.HEADER)) {
                throw new IllegalArgumentException(csv + " does not start with the header " + BenchRow.HEADER);
            }
            for (String line : lines.subList(1, lines.size())) {
                BenchRow row = BenchRow.parse(line);
                rows.put(row.key(), row);
            }
            return new Matrix(drivers, rates, snapshotRates, lookupMethods, rows);
        }

        /** Every expected row absent or with no throughput. */
        List<String> missing() {
            List<String> missing = new ArrayList<>();
            for (String scenario : PAIR_SCENARIOS) {
                for (long rate : scenario.startsWith("snapshot") ? snapshotRates : rates) {
                    for (String server : drivers) {
                        for (String client : drivers) {
                            check(missing, BenchRow.key(scenario, client, server, rate));
                        }
                    }
                }
            }
            for (String driver : drivers) {
                check(missing, BenchRow.key(LOOKUP, driver, driver, MAX_RATE));
                for (String method : lookupMethods) {
                    for (long rate : rates) {
                        check(missing, BenchRow.key(method, driver, driver, rate));
                    }
                }
            }
            return missing;
        }

        private void check(List<String> missing, String key) {
            BenchRow row = byKey.get(key);
            if (row == null || !(row.throughput() > 0)) {
                missing.add(key);
            }
        }

        List<BenchRow> rows(String scenario) {
            return byKey.values().stream().filter(r -> r.scenario().equals(scenario)).toList();
        }

        List<BenchRow> localRows() {
            return byKey.values().stream().filter(r -> !PAIR_SCENARIOS.contains(r.scenario())).toList();
        }

        /** Throughput of {@code client} → {@code server} at the maximum rate. */
        double throughput(String scenario, String client, String server) {
            BenchRow row = byKey.get(BenchRow.key(scenario, client, server, MAX_RATE));
            return row == null ? Double.NaN : row.throughput();
        }
    }
}
