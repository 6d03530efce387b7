package io.netdata.netipc.cli.serve;

import io.netdata.netipc.protocol.ByteString;
import java.util.Objects;

/**
 * One process a provider knows: what an APPS_LOOKUP answer carries about it.
 *
 * @param cgroupPath its cgroup path ("/" for the root); empty when it could not be read
 * <p>Thread-safety: immutable.
 */
public record ProcessRecord(long pid, long ppid, long uid, long starttime, ByteString comm, ByteString cgroupPath) {
    public ProcessRecord {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(cgroupPath, "cgroupPath");
    }
}
