package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.protocol.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the host's cgroup hierarchy: cgroup v2 when the root holds
 * {@code cgroup.controllers}, otherwise the first v1 hierarchy of
 * {@code cpuacct}, {@code cpu,cpuacct}, {@code cpuacct,cpu}, {@code memory},
 * {@code pids}, {@code systemd} that has cgroups (else the first of them that
 * exists), else the hybrid {@code unified} one. One record per
 * directory below the root, named by {@link CgroupNaming}.
 *
 * <p>Everything read is untrusted: a directory that vanishes or cannot be
 * read is skipped and counted, symbolic links are not followed, and depth and
 * count are bounded. Paths are the directory names' bytes, never decoded
 * (see {@link #nameBytes(Path)}).
 *
 * <p>One race is not covered: the JDK opens a directory to list it without
 * {@code O_NONBLOCK}, so a FIFO put where a directory was, between its
 * parent's listing and its own, would block the scan until something writes
 * to it. cgroupfs cannot hold FIFOs: only a tree given with
 * {@code --cgroup-root} that someone rewrites during the scan can do that.
 *
 * <p>Thread-safety: not thread-safe; {@code HostDataSource} serializes scans.
 */
public final class HostCgroups {
    static final String V2_MARKER = "cgroup.controllers";
    static final String[] V1_HIERARCHIES = {"cpuacct", "cpu,cpuacct", "cpuacct,cpu", "memory", "pids", "systemd"};
    static final String HYBRID_UNIFIED = "unified";
    /** Deeper than any real hierarchy; a bound against a crafted tree. */
    static final int MAX_DEPTH = 64;
    /** Far above a real host's cgroup count; a bound on memory. */
    static final int MAX_CGROUPS = 100_000;
    private static final ByteString SYSTEM_SLICE = ByteString.utf8("/system.slice");
    private static final String NAMED_SYSTEMD = "systemd";
    private static final byte SEPARATOR = '/';
    private static final String URI_SEPARATOR = "/";
    private static final char PERCENT = '%';
    private static final int HEX_DIGITS_PER_BYTE = 2;

    private final Path root;
    private final DirectoryOpener opener;
    private long skipped;

    /** @param root the cgroup mount point, {@code /sys/fs/cgroup} on a host */
    public HostCgroups(Path root) {
        this(root, Files::newDirectoryStream);
    }

    /** A reader that lists directories with {@code opener} (tests change the tree between listings). */
    HostCgroups(Path root, DirectoryOpener opener) {
        this.root = root;
        this.opener = opener;
    }

    /** How a scan lists one directory: {@link Files#newDirectoryStream(Path)} on a host. */
    @FunctionalInterface
    interface DirectoryOpener {
        DirectoryStream<Path> open(Path directory) throws IOException;
    }

    /** Entries skipped so far, over all scans. */
    public long skipped() {
        return skipped;
    }

    /** The hierarchy to scan and whether it is unified; null when there is none. */
    Hierarchy hierarchy() {
        if (Files.isRegularFile(root.resolve(V2_MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return new Hierarchy(root, true);
        }
        Path firstEmpty = null;
        for (String name : V1_HIERARCHIES) {
            Path candidate = root.resolve(name);
            if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                List<Entry> cgroups = children(candidate);
                if (cgroups != null && !cgroups.isEmpty()) {
                    return new Hierarchy(candidate, false);
                }
                firstEmpty = firstEmpty == null ? candidate : firstEmpty;
            }
        }
        if (firstEmpty != null) {
            return new Hierarchy(firstEmpty, false);
        }
        Path unified = root.resolve(HYBRID_UNIFIED);
        if (Files.isRegularFile(unified.resolve(V2_MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return new Hierarchy(unified, true);
        }
        return null;
    }

    /** The hierarchy a scan walks. */
    record Hierarchy(Path directory, boolean unified) {
        /** The controller list naming this hierarchy in {@code /proc/PID/cgroup} ("" for v2). */
        String controllers() {
            if (unified) {
                return "";
            }
            String name = directory.getFileName().toString();
            return name.equals(NAMED_SYSTEMD) ? "name=" + NAMED_SYSTEMD : name;
        }
    }

    /** Scans the hierarchy now; an absent hierarchy is an empty one. */
    public Scan scan() {
        List<CgroupRecord> records = new ArrayList<>();
        Hierarchy hierarchy = hierarchy();
        if (hierarchy != null) {
            walk(hierarchy, records);
        }
        records.sort(Comparator.comparing(CgroupRecord::path));
        boolean systemd = records.stream().anyMatch(record -> record.path().equals(SYSTEM_SLICE));
        return new Scan(records, systemd, skipped);
    }

    /**
     * Adds a record for every directory below the hierarchy's root. A directory
     * becomes a record once it has been listed: one that vanished (or stopped
     * being a directory) between its parent's listing and its own is no cgroup
     * any more, and one that cannot be read is a cgroup whose children are not
     * known; both are counted.
     */
    private void walk(Hierarchy hierarchy, List<CgroupRecord> records) {
        List<Entry> top = children(hierarchy.directory());
        Deque<Pending> pending = new ArrayDeque<>();
        pushAll(pending, top == null ? List.of() : top, ByteString.EMPTY, 1);
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            if (records.size() >= MAX_CGROUPS) {
                skipped++;
                continue;
            }
            List<Entry> children = children(next.directory());
            if (children == null) {
                continue;
            }
            records.add(CgroupNaming.name(next.path(), hierarchy.unified()));
            if (next.depth() >= MAX_DEPTH) {
                skipped += children.size();
                continue;
            }
            pushAll(pending, children, next.path(), next.depth() + 1);
        }
    }

    private static void pushAll(Deque<Pending> pending, List<Entry> children, ByteString parent, int depth) {
        for (Entry child : children) {
            pending.push(new Pending(child.directory(), join(parent, child.name()), depth));
        }
    }

    /** {@code parent + "/" + name}, as bytes. */
    private static ByteString join(ByteString parent, byte[] name) {
        byte[] path = Arrays.copyOf(parent.toByteArray(), parent.length() + 1 + name.length);
        path[parent.length()] = SEPARATOR;
        System.arraycopy(name, 0, path, parent.length() + 1, name.length);
        return ByteString.of(path);
    }

    /**
     * The subdirectories of {@code directory}: none (counted) when it cannot be
     * read, null (counted) when it is gone: vanished, or no longer a directory.
     */
    private List<Entry> children(Path directory) {
        List<Entry> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = opener.open(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    children.add(new Entry(entry, nameBytes(entry)));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            skipped++;
            return null;
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            // DirectoryIteratorException: reading the listing failed midway (its cause is an IOException).
            skipped++;
            children.clear();
        }
        return children;
    }

    /**
     * The bytes of {@code entry}'s last name, exactly as its directory holds them.
     *
     * <p>Not {@code entry.getFileName().toString()}: that decodes the bytes with
     * the JVM's file-name charset ({@code sun.jnu.encoding}, fixed by the locale
     * at startup), so under {@code LANG=C} every non-ASCII byte reads as '?', and
     * under UTF-8 every invalid sequence as U+FFFD: distinct cgroups would
     * collide, and their paths would not equal those of {@code /proc/PID/cgroup},
     * which are read as bytes. The {@code Path} itself holds the bytes readdir
     * returned, and {@link Path#toUri()} percent-encodes every byte that is not
     * plain ASCII one by one, whatever the locale: the default provider
     * guarantees that {@code Path.of(p.toUri())} equals {@code p}, which only
     * the raw bytes satisfy. Decoding the URI's raw path gives them back.
     */
    static byte[] nameBytes(Path entry) {
        String uri = entry.toUri().getRawPath();
        // A directory's URI ends with '/'.
        int end = uri.endsWith(URI_SEPARATOR) ? uri.length() - 1 : uri.length();
        int start = uri.lastIndexOf(SEPARATOR, end - 1) + 1;
        ByteArrayOutputStream name = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == PERCENT) {
                name.write(HexFormat.fromHexDigits(uri, i + 1, i + 1 + HEX_DIGITS_PER_BYTE));
                i += HEX_DIGITS_PER_BYTE;
            } else {
                // A raw URI path holds only ASCII: everything else is percent-encoded.
                name.write(c);
            }
        }
        return name.toByteArray();
    }

    /** A subdirectory found by a listing, and its name's bytes. */
    private record Entry(Path directory, byte[] name) {
    }

    /** A directory to list, its cgroup path ("/a/b", as bytes), and its depth below the root. */
    private record Pending(Path directory, ByteString path, int depth) {
    }

    /**
     * One scan's result.
     *
     * @param skipped entries skipped so far (unreadable, vanished, beyond the bounds), over all scans
     */
    public record Scan(List<CgroupRecord> records, boolean systemd, long skipped) {
    }
}
