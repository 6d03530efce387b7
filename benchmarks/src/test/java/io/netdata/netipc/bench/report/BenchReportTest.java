package io.netdata.netipc.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report: refused for an incomplete matrix; ratios and floors from the rows. */
class BenchReportTest {
    @TempDir
    Path dir;

    private static final String[] DRIVERS = {"java", "c"};

    /** A complete java/c matrix at the maximum rate, java→java at {@code javaShare} of every c→c throughput. */
    private static List<String> matrix(double javaShare) {
        List<String> lines = new ArrayList<>(List.of(BenchRow.HEADER));
        for (String scenario : BenchReport.PAIR_SCENARIOS) {
            for (String server : DRIVERS) {
                for (String client : DRIVERS) {
                    double throughput = client.equals("java") && server.equals("java") ? 1000 * javaShare : 1000;
                    lines.add(String.format(Locale.ROOT, "%s,%s,%s,0,%.0f,1,2,3,50.0,50.0,100.0", scenario, client,
                            server, throughput));
                }
            }
        }
        lines.add("lookup,java,java,0,2000,0,0,0,100.0,0.0,100.0");
        lines.add("lookup,c,c,0,1000,0,0,0,100.0,0.0,100.0");
        return lines;
    }

    private int report(List<String> lines) throws Exception {
        return report(lines, "3");
    }

    private int report(List<String> lines, String rounds) throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.write(csv, lines);
        return BenchReport.run(new String[] {csv.toString(), dir.resolve("m.md").toString(), "--drivers", "java,c",
            "--rates", "0", "--snapshot-rates", "0", "--lookup-methods", "", "--mode", "quick", "--rounds", rounds});
    }

    @Test
    void aRoundCountThatIsNotPositiveIsRefused() throws Exception {
        assertThat(report(matrix(1), "0")).isEqualTo(2);
        assertThat(report(matrix(1), "three")).isEqualTo(2);
        assertThat(dir.resolve("m.md")).doesNotExist();
    }

    @Test
    void aCompleteMatrixIsReportedWithItsFloors() throws Exception {
        assertThat(report(matrix(0.95))).isZero();

        String md = Files.readString(dir.resolve("m.md"));
        assertThat(md).contains("0 of 13 floors missed", "| snapshot-shm | 950 | 1,000 | 0.95 |",
                "| local cache lookups | 2.00 | 1.50 | holds |", "## uds-batch-ping-pong", "do not edit", "| rounds | 3 interleaved")
                .containsPattern("\\| system call \\| [1-9][0-9]* ns ");
    }

    @Test
    void aMissedFloorIsMarked() throws Exception {
        assertThat(report(matrix(0.5))).isZero();

        assertThat(Files.readString(dir.resolve("m.md"))).contains("4 of 13 floors missed",
                "| shm-ping-pong java→java | 0.50 | 0.90 | **missed** |");
    }

    @Test
    void anIncompleteOrEmptyMatrixIsRefused() throws Exception {
        List<String> lines = matrix(1);
        lines.remove(3);
        assertThat(report(lines)).isEqualTo(1);
        List<String> zero = matrix(1);
        zero.set(1, zero.get(1).replace(",0,1000,", ",0,0,"));
        assertThat(report(zero)).isEqualTo(1);
        assertThat(dir.resolve("m.md")).doesNotExist();
    }
}
