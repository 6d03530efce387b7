package io.netdata.netipc.cli.serve;

import io.netdata.netipc.cli.serve.host.CgroupNaming;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data file as the data source (the schema is in {@code docs/cli.md}): a
 * fixed set of cgroups and processes, for tests and demos. Every field is
 * validated when the file is loaded, so that a served answer never fails.
 *
 * <p>Thread-safety: immutable once loaded.
 */
public final class FileDataSource implements DataSource {
    /** A data file is a small document; anything larger is refused before parsing. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final long U16_MAX = 0xFFFF;
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final int MAX_COMM_BYTES = AppsLookupItemView.COMM_MAX_LENGTH;
    private static final long DEFAULT_GENERATION = 1;
    private static final Set<String> TOP_FIELDS = Set.of("generation", "systemd_enabled", "cgroups", "processes");
    private static final Set<String> CGROUP_FIELDS = Set.of("path", "name", "hash", "options", "enabled",
            "orchestrator", "labels");
    private static final Set<String> PROCESS_FIELDS = Set.of("pid", "ppid", "uid", "comm", "starttime", "cgroup");

    private final CgroupSet cgroups;
    private final Map<Long, ProcessRecord> processes;

    private FileDataSource(CgroupSet cgroups, Map<Long, ProcessRecord> processes) {
        this.cgroups = cgroups;
        this.processes = Map.copyOf(processes);
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static FileDataSource load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JsonMapper.builder().build().readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    static FileDataSource parse(JsonNode root) {
        requireObject(root, "the document", TOP_FIELDS);
        long generation = unsigned(root, "generation", DEFAULT_GENERATION, Long.MAX_VALUE, "the document");
        long systemd = unsigned(root, "systemd_enabled", 0, U32_MAX, "the document");
        List<CgroupRecord> items = new ArrayList<>();
        int index = 0;
        for (JsonNode node : array(root, "cgroups")) {
            items.add(cgroup(node, "cgroups[" + index++ + "]"));
        }
        Map<Long, ProcessRecord> processes = new HashMap<>();
        index = 0;
        for (JsonNode node : array(root, "processes")) {
            String where = "processes[" + index++ + "]";
            ProcessRecord process = process(node, where);
            if (processes.putIfAbsent(process.pid(), process) != null) {
                throw new IllegalArgumentException(where + ": pid " + process.pid() + " appears twice");
            }
        }
        return new FileDataSource(new CgroupSet(generation, systemd, items), processes);
    }

    private static CgroupRecord cgroup(JsonNode node, String where) {
        requireObject(node, where, CGROUP_FIELDS);
        String path = string(node, "path", null, where);
        if (path.isEmpty() || !path.startsWith("/")) {
            throw new IllegalArgumentException(where + ": path must start with '/'");
        }
        CgroupRecord derived = CgroupNaming.name(path, false);
        ByteString name = node.has("name") ? ByteString.utf8(string(node, "name", null, where)) : derived.name();
        long hash = unsigned(node, "hash", SimpleHash.of(name), U32_MAX, where);
        long options = unsigned(node, "options", derived.options(), U32_MAX, where);
        long enabled = unsigned(node, "enabled", CgroupRecord.ENABLED, U32_MAX, where);
        int orchestrator = (int) unsigned(node, "orchestrator", derived.orchestrator(), U16_MAX, where);
        List<LookupLabel> labels = node.has("labels") ? labels(node.get("labels"), where) : derived.labels();
        return new CgroupRecord(ByteString.utf8(path), name, hash, options, enabled, orchestrator, labels);
    }

    private static List<LookupLabel> labels(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": labels must be an object of strings");
        }
        List<LookupLabel> labels = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            if (label.getKey().isEmpty() || label.getKey().indexOf('\0') >= 0 || !label.getValue().isString()
                    || label.getValue().stringValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException(where + ": label '" + label.getKey()
                        + "' needs a non-empty key and a string value, without NUL");
            }
            labels.add(new LookupLabel(ByteString.utf8(label.getKey()), ByteString.utf8(label.getValue()
                    .stringValue())));
        }
        return labels;
    }

    private static ProcessRecord process(JsonNode node, String where) {
        requireObject(node, where, PROCESS_FIELDS);
        long pid = unsigned(node, "pid", -1, U32_MAX, where);
        if (pid <= 0) {
            throw new IllegalArgumentException(where + ": pid is required and must be positive");
        }
        ByteString comm = ByteString.utf8(string(node, "comm", null, where));
        if (comm.length() == 0 || comm.length() > MAX_COMM_BYTES) {
            throw new IllegalArgumentException(where + ": comm must be 1 to " + MAX_COMM_BYTES + " bytes");
        }
        return new ProcessRecord(pid, unsigned(node, "ppid", 0, U32_MAX, where), unsigned(node, "uid", 0, U32_MAX,
                where), unsigned(node, "starttime", 0, Long.MAX_VALUE, where), comm,
                ByteString.utf8(string(node, "cgroup", "", where)));
    }

    private static void requireObject(JsonNode node, String where, Set<String> fields) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        for (String name : node.propertyNames()) {
            if (!fields.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown field '" + name + "'");
            }
        }
    }

    private static Iterable<JsonNode> array(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + name + "' must be an array");
        }
        return node;
    }

    private static long unsigned(JsonNode node, String name, long absent, long max, String where) {
        JsonNode value = node.get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
                || value.longValue() > max) {
            throw new IllegalArgumentException(where + ": " + name + " must be an integer from 0 to " + max);
        }
        return value.longValue();
    }

    private static String string(JsonNode node, String name, String absent, String where) {
        JsonNode value = node.get(name);
        if (value == null && absent != null) {
            return absent;
        }
        if (value == null || !value.isString() || value.stringValue().indexOf('\0') >= 0) {
            throw new IllegalArgumentException(where + ": " + name + " must be a string without NUL");
        }
        return value.stringValue();
    }

    @Override
    public CgroupSet cgroups() {
        return cgroups;
    }

    @Override
    public ProcessRecord process(long pid) {
        return processes.get(pid);
    }
}
