package io.netdata.netipc.cli.serve;

/**
 * Where {@code netipc serve} takes its answers from: the host, or a JSON file.
 *
 * <p>Thread-safety: implementations are thread-safe; sessions ask concurrently.
 */
public interface DataSource {
    /** The cgroups now. */
    CgroupSet cgroups();

    /** The process {@code pid} now, or null when there is none. */
    ProcessRecord process(long pid);
}
