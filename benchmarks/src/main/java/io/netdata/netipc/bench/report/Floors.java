package io.netdata.netipc.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The floors, checked against the reference measured in the same
 * run: Java→Java and mixed pairs at least {@link BenchReport#PAIR_FLOOR} of
 * C→C at the maximum rate for the floor scenarios, and local cache lookups at
 * least {@link BenchReport#LOOKUP_FLOOR} of the C driver's.
 *
 * <p>Thread-safety: immutable.
 */
final class Floors {
    private final List<String> lines = new ArrayList<>();
    private int missed;

    Floors(BenchReport.Matrix matrix) {
        if (!matrix.drivers().contains(BenchReport.REFERENCE)) {
            return;
        }
        for (String scenario : BenchReport.FLOOR_SCENARIOS) {
            double reference = matrix.throughput(scenario, BenchReport.REFERENCE, BenchReport.REFERENCE);
            check(scenario + " java→java", matrix.throughput(scenario, BenchReport.JAVA, BenchReport.JAVA),
                    reference, BenchReport.PAIR_FLOOR);
            check(scenario + " java client → c server", matrix.throughput(scenario, BenchReport.JAVA,
                    BenchReport.REFERENCE), reference, BenchReport.PAIR_FLOOR);
            check(scenario + " c client → java server", matrix.throughput(scenario, BenchReport.REFERENCE,
                    BenchReport.JAVA), reference, BenchReport.PAIR_FLOOR);
        }
        check("local cache lookups", matrix.throughput(BenchReport.LOOKUP, BenchReport.JAVA, BenchReport.JAVA),
                matrix.throughput(BenchReport.LOOKUP, BenchReport.REFERENCE, BenchReport.REFERENCE),
                BenchReport.LOOKUP_FLOOR);
    }

    private void check(String what, double measured, double reference, double floor) {
        double ratio = measured / reference;
        boolean held = ratio >= floor;
        missed += held ? 0 : 1;
        lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |", what, ratio, floor,
                held ? "holds" : "**missed**"));
    }

    int missed() {
        return missed;
    }

    String render() {
        if (lines.isEmpty()) {
            return "";
        }
        return "## Floors\n\n" + missed + " of " + lines.size() + " floors missed.\n\n"
                + "| floor | ratio to c→c | floor | result |\n|---|---:|---:|---|\n" + String.join("\n", lines)
                + "\n\n";
    }
}
