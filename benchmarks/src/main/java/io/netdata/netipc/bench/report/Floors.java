package io.netdata.netipc.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The floors, checked against the reference measured in the same
 * run: Java→Java and mixed pairs at least {@link BenchReport#PAIR_FLOOR} of
 * C→C at the maximum rate for the floor scenarios, and local cache lookups at
 * least {@link BenchReport#LOOKUP_FLOOR} of the C driver's. From a quick run
 * they are indicative only, and say so.
 *
 * <p>Thread-safety: immutable.
 */
final class Floors {
    private final List<String> lines = new ArrayList<>();
    private final boolean indicative;
    private int missed;

    /** {@code indicative}: from a quick run, whose short rounds can't show that a floor holds or not. */
    Floors(BenchReport.Matrix matrix, boolean indicative) {
        this.indicative = indicative;
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
        String result = indicative ? (held ? "at or above (indicative)" : "below (indicative)")
                : (held ? "holds" : "**missed**");
        lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |", what, ratio, floor, result));
    }

    int missed() {
        return missed;
    }

    String render() {
        if (lines.isEmpty()) {
            return "";
        }
        String summary = indicative
                ? "## Floors (indicative only: quick run)\n\n" + missed + " of " + lines.size() + " below the floor "
                        + "in this quick run; only the full matrix can show a floor missed or held.\n\n"
                : "## Floors\n\n" + missed + " of " + lines.size() + " floors missed.\n\n";
        return summary
                + "| floor | ratio to c→c | floor | result |\n|---|---:|---:|---|\n" + String.join("\n", lines)
                + "\n\n";
    }
}
