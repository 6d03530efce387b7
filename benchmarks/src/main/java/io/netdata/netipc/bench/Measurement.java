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
    static final String CLIENT_LANGUAGE = "java";

    private final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private long requests;
    private long wallStart;
    private long cpuStart;
    private long wallNanos;
    private long cpuNanos;

    void start() {
        latencies.reset();
        requests = 0;
        cpuStart = processCpuNanos();
        wallStart = System.nanoTime();
    }

    /** One request (or one batch) answered correctly in {@code nanos}. */
    void record(long nanos, long answered) {
        latencies.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
        requests += answered;
    }

    void stop() {
        wallNanos = System.nanoTime() - wallStart;
        cpuNanos = processCpuNanos() - cpuStart;
    }

    long requests() {
        return requests;
    }

    /** The CSV line, the client's CPU also standing for the total (the harness adds the server's). */
    String csv(String scenario, String server) {
        double seconds = wallNanos / NANOS_PER_SECOND;
        double throughput = requests / seconds;
        double cpuPercent = cpuNanos / NANOS_PER_SECOND / seconds * PERCENT;
        return String.format(Locale.ROOT, "%s,%s,%s,%.0f,%d,%d,%d,%.1f,0.0,%.1f", scenario, CLIENT_LANGUAGE, server,
                throughput, percentileMicros(50), percentileMicros(95), percentileMicros(99), cpuPercent,
                cpuPercent);
    }

    private long percentileMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /** This process's CPU time (all threads), as {@code CLOCK_PROCESS_CPUTIME_ID} gives the reference. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
