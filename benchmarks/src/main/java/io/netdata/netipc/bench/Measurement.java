package io.netdata.netipc.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One client run's measurement: latencies in an HDR histogram, requests and
 * the process's own CPU time over the measured window, and the reference
 * driver's CSV line
 * ({@code scenario,client,server,throughput,p50_us,p95_us,p99_us,client_cpu_pct,server_cpu_pct,total_cpu_pct};
 * the harness fills the server's CPU in).
 *
 * <p>Thread-safety: confined to the measuring thread.
 */
final class Measurement {
    /** Latencies above an hour are not latencies; three significant digits, as usual. */
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final long NANOS_PER_MICRO = 1000;
    private static final double PERCENT = 100.0;
    private static final double P50 = 50;
    private static final double P95 = 95;
    private static final double P99 = 99;
    static final String CLIENT_LANGUAGE = "java";

    private final BenchClock clock;
    private final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private long requests;
    private long wallStart;
    private long cpuStart;
    private long wallNanos;
    private long cpuNanos;

    Measurement(BenchClock clock) {
        this.clock = clock;
    }

    void start() {
        latencies.reset();
        requests = 0;
        cpuStart = processCpuNanos();
        wallStart = clock.nanoTime();
    }

    /** One request (or one batch) answered correctly in {@code nanos}. */
    void record(long nanos, long answered) {
        latencies.recordValue(Math.max(0, Math.min(nanos, HIGHEST_TRACKABLE_NANOS)));
        requests += answered;
    }

    void stop() {
        wallNanos = clock.nanoTime() - wallStart;
        cpuNanos = processCpuNanos() - cpuStart;
    }

    /** What {@link #record} counted since {@link #start}. */
    long requests() {
        return requests;
    }

    /** The measured window, from {@link #start} to {@link #stop}. */
    long wallNanos() {
        return wallNanos;
    }

    /** The CSV line, the client's CPU also standing for the total (the harness adds the server's). */
    String csv(String scenario, String server) {
        double seconds = wallNanos / NANOS_PER_SECOND;
        return csvLine(scenario, CLIENT_LANGUAGE, server, perSecond(requests, seconds),
                percentileMicros(P50), percentileMicros(P95), percentileMicros(P99),
                perSecond(cpuNanos / NANOS_PER_SECOND, seconds) * PERCENT);
    }

    /**
     * The reference's line, {@code %s,%s,%s,%.0f,%lu,%lu,%lu,%.1f,0.0,%.1f}: the server's CPU is 0.0 and
     * the total is the client's, for the harness to fill in; always with a '.' decimal point.
     */
    static String csvLine(String scenario, String client, String server, double throughput, long p50Micros,
            long p95Micros, long p99Micros, double clientCpuPercent) {
        return String.format(Locale.ROOT, "%s,%s,%s,%.0f,%d,%d,%d,%.1f,0.0,%.1f", scenario, client, server,
                throughput, p50Micros, p95Micros, p99Micros, clientCpuPercent, clientCpuPercent);
    }

    /** {@code amount / seconds}, 0 for an empty window (a duration of 0), as the reference prints then. */
    static double perSecond(double amount, double seconds) {
        return seconds > 0 ? amount / seconds : 0;
    }

    private long percentileMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /**
     * This process's CPU time (all threads), the quantity the reference reads with
     * {@code CLOCK_PROCESS_CPUTIME_ID}; the JVM reads it from {@code /proc}, which Linux keeps in
     * 10 ms steps (0.1 % of a 10 s run), not to the nanosecond as that clock does.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
