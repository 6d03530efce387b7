package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.serve.ProcessRecord;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one process from {@code /proc}: pid, ppid and start time (fields 4 and
 * 22 of {@code stat}), real uid ({@code status}), command name, and its cgroup
 * ({@code cgroup}: the v2 line, or the line of the v1 hierarchy scanned).
 *
 * <p>Every file is untrusted and may vanish while read: a process whose files
 * are missing or malformed is absent (and counted), never an error. A process
 * is read from three files one after the other; it counts as gone when any of
 * them is, even after the first ones were read.
 *
 * <p>The cgroup path is kept as the kernel's bytes (never decoded), so that it
 * equals, byte for byte, the path {@link HostCgroups} read from the hierarchy.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class HostProcesses {
    /** {@code stat} and {@code status} are a few KiB at most; a bound against anything else. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /**
     * The protocol's longest command name (the kernel's {@code TASK_COMM_LEN} less
     * its NUL). Kernel workers show longer ones in {@code stat}
     * ({@code kworker/0:0H-events_highpri}: the kernel appends the workqueue's
     * name), which are cut to it as the kernel cuts every other one.
     */
    static final int MAX_COMM_BYTES = AppsLookupItemView.COMM_MAX_LENGTH;
    static final long MAX_PID = 0xFFFF_FFFFL;
    static final long MAX_UID = 0xFFFF_FFFFL;
    /** {@code stat} fields are numbered from 1; these follow the command name (field 2). */
    private static final int FIRST_FIELD_AFTER_COMM = 3;
    private static final int PPID_FIELD = 4;
    private static final int STARTTIME_FIELD = 22;
    private static final String UID_LINE = "Uid:";
    private static final String V2_CONTROLLERS = "";
    /** The hierarchy id of the v2 line of {@code /proc/PID/cgroup}. */
    private static final String V2_HIERARCHY_ID = "0";
    private static final byte LINE_END = '\n';
    private static final byte CGROUP_FIELD_SEPARATOR = ':';

    private final Path proc;
    private final String controllers;
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param proc the proc mount point, {@code /proc} on a host
     * @param controllers the v1 hierarchy whose cgroup to report ("cpu,cpuacct", say), or "" for v2
     */
    public HostProcesses(Path proc, String controllers) {
        this.proc = proc;
        this.controllers = controllers;
    }

    /** Processes skipped so far because their files were missing or malformed. */
    public long skipped() {
        return skipped.get();
    }

    /** The process {@code pid}, or null when it does not exist or cannot be read. */
    public ProcessRecord read(long pid) {
        if (pid <= 0 || pid > MAX_PID) {
            return null;
        }
        Path directory = proc.resolve(Long.toString(pid));
        byte[] stat;
        try {
            stat = readBounded(directory.resolve("stat"));
        } catch (NoSuchFileException e) {
            // No such process: an answer (UNKNOWN), not a skipped entry.
            return null;
        } catch (IOException | SecurityException e) {
            skipped.incrementAndGet();
            return null;
        }
        try {
            return fromFiles(pid, directory, stat);
        } catch (IOException | NumberFormatException | SecurityException e) {
            // Gone since stat was read (status or cgroup vanished: the common case), unreadable, or not what
            // the kernel writes.
            skipped.incrementAndGet();
            return null;
        }
    }

    /**
     * The process from its {@code stat} bytes, then its {@code status} and {@code cgroup} files;
     * null (counted) when malformed.
     *
     * @throws IOException when a file cannot be read (the process is gone, usually)
     * @throws NumberFormatException when a number is not one
     */
    private ProcessRecord fromFiles(long pid, Path directory, byte[] stat) throws IOException {
        int open = indexOf(stat, (byte) '(');
        int close = lastIndexOf(stat, (byte) ')');
        if (open < 0 || close < open) {
            return malformed();
        }
        byte[] comm = Arrays.copyOfRange(stat, open + 1, Math.min(close, open + 1 + MAX_COMM_BYTES));
        String[] fields = new String(stat, close + 1, stat.length - close - 1, StandardCharsets.US_ASCII)
                .strip().split(" +");
        if (comm.length == 0 || fields.length <= STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM) {
            return malformed();
        }
        long ppid = Long.parseLong(fields[PPID_FIELD - FIRST_FIELD_AFTER_COMM]);
        long starttime = Long.parseUnsignedLong(fields[STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM]);
        long uid = readUid(directory.resolve("status"));
        // The codec carries 32-bit ids: anything wider is not what the kernel writes.
        if (ppid < 0 || ppid > MAX_PID || uid < 0 || uid > MAX_UID) {
            return malformed();
        }
        ByteString cgroup = readCgroup(directory.resolve("cgroup"));
        return new ProcessRecord(pid, ppid, uid, starttime, ByteString.of(comm), cgroup);
    }

    private ProcessRecord malformed() {
        skipped.incrementAndGet();
        return null;
    }

    private static long readUid(Path status) throws IOException {
        for (String line : new String(readBounded(status), StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith(UID_LINE)) {
                String[] ids = line.substring(UID_LINE.length()).strip().split("\\s+");
                return Long.parseLong(ids[0]);
            }
        }
        return -1;
    }

    /**
     * The cgroup path, or empty when the file has no line for the hierarchy.
     * Lines are {@code ID:CONTROLLERS:PATH}; the path is taken as raw bytes, and
     * may hold ':' itself.
     *
     * @throws IOException when the file cannot be read: the process is gone
     */
    private ByteString readCgroup(Path cgroup) throws IOException {
        byte[] content = readBounded(cgroup);
        for (int start = 0, end; start < content.length; start = end + 1) {
            end = indexOf(content, LINE_END, start);
            end = end < 0 ? content.length : end;
            int first = indexOf(content, CGROUP_FIELD_SEPARATOR, start, end);
            int second = first < 0 ? -1 : indexOf(content, CGROUP_FIELD_SEPARATOR, first + 1, end);
            if (second < 0) {
                continue;
            }
            String id = new String(content, start, first - start, StandardCharsets.ISO_8859_1);
            String lineControllers = new String(content, first + 1, second - first - 1, StandardCharsets.ISO_8859_1);
            if (lineControllers.equals(controllers)
                    && (!controllers.equals(V2_CONTROLLERS) || id.equals(V2_HIERARCHY_ID))) {
                return ByteString.of(Arrays.copyOfRange(content, second + 1, end));
            }
        }
        return ByteString.EMPTY;
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return content;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        return indexOf(bytes, wanted, 0, bytes.length);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        return indexOf(bytes, wanted, from, bytes.length);
    }

    /** The first index of {@code wanted} in {@code [from, to)}, or -1. */
    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte wanted) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
