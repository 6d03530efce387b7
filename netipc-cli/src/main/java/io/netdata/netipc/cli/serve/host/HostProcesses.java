package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.serve.ProcessRecord;
import io.netdata.netipc.protocol.ByteString;
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
 * are missing or malformed is absent (and counted), never an error.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class HostProcesses {
    /** {@code stat} and {@code status} are a few KiB at most; a bound against anything else. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** The kernel's command names hold at most 15 bytes. */
    static final int MAX_COMM_BYTES = 15;
    static final long MAX_PID = 0xFFFF_FFFFL;
    static final long MAX_UID = 0xFFFF_FFFFL;
    /** {@code stat} fields are numbered from 1; these follow the command name (field 2). */
    private static final int FIRST_FIELD_AFTER_COMM = 3;
    private static final int PPID_FIELD = 4;
    private static final int STARTTIME_FIELD = 22;
    private static final String UID_LINE = "Uid:";
    private static final String V2_CONTROLLERS = "";
    private static final int CGROUP_LINE_PARTS = 3;

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
            int open = indexOf(stat, (byte) '(');
            int close = lastIndexOf(stat, (byte) ')');
            if (open < 0 || close < open) {
                return malformed();
            }
            byte[] comm = Arrays.copyOfRange(stat, open + 1, close);
            String[] fields = new String(stat, close + 1, stat.length - close - 1, StandardCharsets.US_ASCII)
                    .strip().split(" +");
            if (comm.length == 0 || comm.length > MAX_COMM_BYTES
                    || fields.length <= STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM) {
                return malformed();
            }
            long ppid = Long.parseLong(fields[PPID_FIELD - FIRST_FIELD_AFTER_COMM]);
            long starttime = Long.parseUnsignedLong(fields[STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM]);
            long uid = readUid(directory.resolve("status"));
            // The codec carries 32-bit ids: anything wider is not what the kernel writes.
            if (ppid < 0 || ppid > MAX_PID || uid < 0 || uid > MAX_UID) {
                return malformed();
            }
            return new ProcessRecord(pid, ppid, uid, starttime, ByteString.of(comm),
                    readCgroup(directory.resolve("cgroup")));
        } catch (IOException | NumberFormatException | SecurityException e) {
            // Gone (the common case), unreadable, or not what the kernel writes.
            skipped.incrementAndGet();
            return null;
        }
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

    /** The cgroup path, or empty when the file has no line for the hierarchy. */
    private ByteString readCgroup(Path cgroup) {
        byte[] content;
        try {
            content = readBounded(cgroup);
        } catch (IOException | SecurityException e) {
            return ByteString.EMPTY;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String[] parts = line.split(":", CGROUP_LINE_PARTS);
            if (parts.length == CGROUP_LINE_PARTS && parts[1].equals(controllers)
                    && (!controllers.equals(V2_CONTROLLERS) || parts[0].equals("0"))) {
                return ByteString.utf8(parts[2]);
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
        for (int i = 0; i < bytes.length; i++) {
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
