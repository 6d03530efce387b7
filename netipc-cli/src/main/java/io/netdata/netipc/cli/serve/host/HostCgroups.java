package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.serve.CgroupRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * count are bounded.
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
    private static final String SYSTEM_SLICE = "/system.slice";
    private static final String NAMED_SYSTEMD = "systemd";

    private final Path root;
    private long skipped;

    /** @param root the cgroup mount point, {@code /sys/fs/cgroup} on a host */
    public HostCgroups(Path root) {
        this.root = root;
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
                if (!children(candidate).isEmpty()) {
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
        boolean systemd = false;
        if (hierarchy != null) {
            Deque<Path> pending = new ArrayDeque<>();
            pending.push(hierarchy.directory());
            while (!pending.isEmpty() && records.size() < MAX_CGROUPS) {
                Path directory = pending.pop();
                for (Path child : children(directory)) {
                    Path relative = hierarchy.directory().relativize(child);
                    if (relative.getNameCount() > MAX_DEPTH || records.size() >= MAX_CGROUPS) {
                        skipped++;
                        continue;
                    }
                    String path = "/" + relative;
                    systemd |= path.equals(SYSTEM_SLICE);
                    records.add(CgroupNaming.name(path, hierarchy.unified()));
                    pending.push(child);
                }
            }
        }
        records.sort((a, b) -> a.path().asString().compareTo(b.path().asString()));
        return new Scan(records, systemd, skipped);
    }

    /** The subdirectories of {@code directory}; none (counted) when it vanished or cannot be read. */
    private List<Path> children(Path directory) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    children.add(entry);
                }
            }
        } catch (IOException | SecurityException e) {
            skipped++;
        }
        return children;
    }

    /**
     * One scan's result.
     *
     * @param skipped entries skipped so far (unreadable, vanished, beyond the bounds), over all scans
     */
    public record Scan(List<CgroupRecord> records, boolean systemd, long skipped) {
    }
}
