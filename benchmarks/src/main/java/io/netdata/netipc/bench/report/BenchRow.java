package io.netdata.netipc.bench.report;

import java.util.List;

/**
 * One row of {@code benchmarks-posix.csv}.
 *
 * <p>Thread-safety: immutable.
 */
record BenchRow(String scenario, String client, String server, long targetRps, double throughput, long p50,
        long p95, long p99, double clientCpu, double serverCpu, double totalCpu) {
    static final String HEADER = "scenario,client,server,target_rps,throughput,p50_us,p95_us,p99_us,"
            + "client_cpu_pct,server_cpu_pct,total_cpu_pct";
    private static final int FIELDS = 11;

    /** Parses one CSV line; throws IllegalArgumentException naming the line when it is not one. */
    static BenchRow parse(String line) {
        List<String> f = List.of(line.split(",", -1));
        if (f.size() != FIELDS) {
            throw new IllegalArgumentException("not a benchmark row: " + line);
        }
        try {
            return new BenchRow(f.get(0), f.get(1), f.get(2), Long.parseLong(f.get(3)), Double.parseDouble(f.get(4)),
                    Long.parseLong(f.get(5)), Long.parseLong(f.get(6)), Long.parseLong(f.get(7)),
                    Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)), Double.parseDouble(f.get(10)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a benchmark row: " + line, e);
        }
    }

    /** The key a complete matrix has exactly one row for. */
    String key() {
        return key(scenario, client, server, targetRps);
    }

    static String key(String scenario, String client, String server, long rate) {
        return scenario + "|" + client + "|" + server + "|" + rate;
    }
}
