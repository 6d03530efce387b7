package io.netdata.netipc.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report: refused for an incomplete or malformed matrix and for bad options; ratios and floors from the
 * rows (none without the reference); lookup methods at every rate; the rounds and lookup rounds stated; a quick
 * run's floors labelled indicative.
 */
class BenchReportTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private static final String[] DRIVERS = {"java", "c"};
    private static final String MAX_RATE = "0";
    private static final String PACED_RATE = "100000";
    private static final List<String> METHODS = List.of("cgroups-lookup-known-16", "apps-lookup-mixed-256");
    private static final int USAGE = 2;
    private static final int REFUSED = 1;

    /**
     * A complete java/c matrix at {@code rates} with {@link #METHODS}, java→java at {@code javaShare} of every
     * c→c throughput.
     */
    private static List<String> matrix(double javaShare, String... rates) {
        List<String> lines = new ArrayList<>(List.of(BenchRow.HEADER));
        for (String scenario : BenchReport.PAIR_SCENARIOS) {
            for (String rate : scenario.startsWith("snapshot") ? new String[] {MAX_RATE} : rates) {
                for (String server : DRIVERS) {
                    for (String client : DRIVERS) {
                        double throughput = client.equals("java") && server.equals("java") ? 1000 * javaShare : 1000;
                        lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%.0f,1,2,3,50.0,50.0,100.0", scenario,
                                client, server, rate, throughput));
                    }
                }
            }
        }
        lines.add("lookup,java,java,0,2000,0,0,0,100.0,0.0,100.0");
        lines.add("lookup,c,c,0,1000,0,0,0,100.0,0.0,100.0");
        for (String method : METHODS) {
            for (String rate : rates) {
                for (String driver : DRIVERS) {
                    lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,500,4,5,6,100.0,0.000,100.000", method, driver,
                            driver, rate));
                }
            }
        }
        return lines;
    }

    private int report(List<String> lines) throws Exception {
        return report(lines, "3", BenchReport.FULL, MAX_RATE);
    }

    private int report(List<String> lines, String rounds, String mode, String rates, String... more)
            throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.write(csv, lines);
        List<String> args = new ArrayList<>(List.of(csv.toString(), dir.resolve("m.md").toString(), "--drivers",
                "java,c", "--rates", rates, "--snapshot-rates", MAX_RATE, "--lookup-methods", String.join(",", METHODS),
                "--mode", mode, "--rounds", rounds));
        args.addAll(List.of(more));
        return BenchReport.run(args.toArray(new String[0]));
    }

    private String md() throws Exception {
        return Files.readString(dir.resolve("m.md"));
    }

    @Test
    void aRoundCountThatIsNotPositiveIsRefused() throws Exception {
        assertThat(report(matrix(1, MAX_RATE), "0", BenchReport.FULL, MAX_RATE)).isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "three", BenchReport.FULL, MAX_RATE)).isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--lookup-rounds", "0"))
                .isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--lookup-rounds", "-9"))
                .isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--lookup-rounds", "nine"))
                .isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--lookup-rounds", "9999999999"))
                .isEqualTo(USAGE);
        assertThat(dir.resolve("m.md")).doesNotExist();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
                "BenchReport: --rounds must be a positive integer",
                "BenchReport: --lookup-rounds must be a positive integer");
    }

    @Test
    void theLookupRoundsAreStatedAndDefaultToTheRounds() throws Exception {
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--lookup-rounds", "9")).isZero();
        assertThat(md()).contains("| rounds | 3 interleaved for the pairs at maximum rate, 9 alternating for "
                + "lookup-bench,");
        Files.delete(dir.resolve("m.md"));

        assertThat(report(matrix(1, MAX_RATE), "5", BenchReport.FULL, MAX_RATE)).isZero();
        assertThat(md()).contains("| rounds | 5 interleaved for the pairs at maximum rate, 5 alternating for "
                + "lookup-bench,");
    }

    @Test
    void argumentsThatAreNotPairsOrRatesThatAreNotNumbersAreUsageErrors() throws Exception {
        assertThat(BenchReport.run(new String[] {dir.resolve("m.csv").toString()})).isEqualTo(USAGE);
        assertThat(BenchReport.run(new String[] {dir.resolve("m.csv").toString(), dir.resolve("m.md").toString(),
            "--mode"})).isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, "0,fast")).isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, MAX_RATE, "--snapshot-rates", "x"))
                .isEqualTo(USAGE);
        assertThat(report(matrix(1, MAX_RATE), "3", BenchReport.FULL, "0,-100")).isEqualTo(USAGE);
        assertThat(dir.resolve("m.md")).doesNotExist();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("usage: BenchReport CSV MD",
                "BenchReport: --rates and --snapshot-rates must be lists of rates (0: maximum)");
    }

    @Test
    void aMissingCsvOrOneWithoutTheHeaderOrWithAMalformedRowIsRefused() throws Exception {
        List<String> headless = matrix(1, MAX_RATE);
        headless.remove(0);
        assertThat(report(headless)).isEqualTo(REFUSED);

        List<String> malformed = matrix(1, MAX_RATE);
        malformed.add("lookup,java,java,0,fast,0,0,0,100.0,0.0,100.0");
        assertThat(report(malformed)).isEqualTo(REFUSED);

        List<String> truncated = matrix(1, MAX_RATE);
        truncated.add("lookup,java,java,0");
        assertThat(report(truncated)).isEqualTo(REFUSED);

        assertThat(BenchReport.run(new String[] {dir.resolve("absent.csv").toString(),
            dir.resolve("m.md").toString()})).isEqualTo(REFUSED);
        assertThat(dir.resolve("m.md")).doesNotExist();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("does not start with the header",
                "not a benchmark row: lookup,java,java,0,fast,", "not a benchmark row: lookup,java,java,0;",
                "no such file: " + dir.resolve("absent.csv"));
    }

    @Test
    void aRunWithoutTheReferenceHasNoRatiosAndNoFloors() throws Exception {
        List<String> javaOnly = matrix(1, MAX_RATE);
        // Every row with a C client or server; the header has neither.
        javaOnly.removeIf(line -> List.of(line.split(",")).subList(1, 3).contains("c"));
        Path csv = dir.resolve("m.csv");
        Files.write(csv, javaOnly);
        assertThat(BenchReport.run(new String[] {csv.toString(), dir.resolve("m.md").toString(), "--drivers", "java",
            "--rates", MAX_RATE, "--snapshot-rates", MAX_RATE, "--lookup-methods", String.join(",", METHODS)}))
                .isZero();

        assertThat(md()).contains("No reference driver in this run: no ratios, no floors.", "| drivers | java |",
                "| lookup | java | max | 2,000 |").doesNotContain("## Floors", "c→c");
    }

    @Test
    void anUnknownModeIsRefused() throws Exception {
        assertThat(report(matrix(1, MAX_RATE), "1", "fast", MAX_RATE)).isEqualTo(USAGE);
        assertThat(dir.resolve("m.md")).doesNotExist();
    }

    @Test
    void aCompleteMatrixIsReportedWithItsFloors() throws Exception {
        assertThat(report(matrix(0.95, MAX_RATE))).isZero();

        assertThat(md()).contains("0 of 13 floors missed", "| snapshot-shm | 950 | 1,000 | 0.95 |",
                "| local cache lookups | 2.00 | 1.50 | holds |", "## uds-batch-ping-pong", "do not edit",
                "| rounds | 3 interleaved").containsPattern("\\| system call \\| [1-9][0-9]* ns ")
                .doesNotContain("indicative");
    }

    @Test
    void aMissedFloorIsMarked() throws Exception {
        assertThat(report(matrix(0.5, MAX_RATE))).isZero();

        assertThat(md()).contains("4 of 13 floors missed", "| shm-ping-pong java→java | 0.50 | 0.90 | **missed** |");
    }

    @Test
    void aQuickRunSaysItsFloorsAreIndicativeOnly() throws Exception {
        assertThat(report(matrix(0.5, MAX_RATE), "1", BenchReport.QUICK, MAX_RATE, "--lookup-rounds", "3")).isZero();

        assertThat(md()).contains(BenchReport.quickCaveat(1, 3), "**Quick run: indicative only.**",
                "from one short round (3 for lookup-bench;", "## Floors (indicative only: quick run)",
                "4 of 13 below the floor in this quick run",
                "| shm-ping-pong java→java | 0.50 | 0.90 | below (indicative) |",
                "| local cache lookups | 2.00 | 1.50 | at or above (indicative) |").doesNotContain("**missed**");
    }

    @Test
    void lookupMethodsAreExpectedAndShownAtEveryPairRate() throws Exception {
        String rates = MAX_RATE + "," + PACED_RATE;
        assertThat(report(matrix(1, MAX_RATE, PACED_RATE), "3", BenchReport.FULL, rates)).isZero();
        assertThat(md()).contains("| cgroups-lookup-known-16 | java | max | 500 | 4 | 5 | 6 | 100.0 |",
                "| cgroups-lookup-known-16 | c | 100000 | 500 |", "| apps-lookup-mixed-256 | java | 100000 | 500 |",
                "| lookup | java | max | 2,000 |");
        Files.delete(dir.resolve("m.md"));

        List<String> lines = matrix(1, MAX_RATE, PACED_RATE);
        lines.removeIf(line -> line.startsWith("apps-lookup-mixed-256,c,c," + PACED_RATE + ","));
        assertThat(report(lines, "3", BenchReport.FULL, rates)).isEqualTo(REFUSED);
        assertThat(dir.resolve("m.md")).doesNotExist();
    }

    @Test
    void anIncompleteOrEmptyMatrixIsRefused() throws Exception {
        List<String> lines = matrix(1, MAX_RATE);
        lines.remove(3);
        assertThat(report(lines)).isEqualTo(REFUSED);
        List<String> zero = matrix(1, MAX_RATE);
        zero.set(1, zero.get(1).replace(",0,1000,", ",0,0,"));
        assertThat(report(zero)).isEqualTo(REFUSED);
        assertThat(dir.resolve("m.md")).doesNotExist();
    }
}
