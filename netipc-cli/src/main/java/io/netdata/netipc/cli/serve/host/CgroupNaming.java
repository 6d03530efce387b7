package io.netdata.netipc.cli.serve.host;

import io.netdata.netipc.cli.common.Utf8;
import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a cgroup from its path, the way Netdata's cgroups.plugin names the
 * common kinds without asking a container runtime (docs/cli.md lists the
 * rules): systemd services, user and machine slices, docker, podman and
 * containerd/CRI-O containers, Kubernetes pods and their containers, LXC; any
 * other cgroup is named after its path.
 *
 * <p>Thread-safety: stateless.
 */
public final class CgroupNaming {
    private static final String SERVICE_SUFFIX = ".service";
    private static final String SYSTEM_SLICE = "system.slice";
    private static final int SHORT_ID = 12;
    private static final Pattern CONTAINER_ID = bytePattern("[0-9a-f]{64}");
    private static final Pattern DOCKER_SCOPE = bytePattern("docker-([0-9a-f]{64})\\.scope");
    private static final Pattern PODMAN_SCOPE = bytePattern("libpod-([0-9a-f]{64})\\.scope");
    private static final Pattern CRI_SCOPE = bytePattern("(?:cri-containerd|crio)-([0-9a-f]{64})\\.scope");
    private static final Pattern POD = bytePattern("(?:.*-)?pod([0-9a-f_-]{36})(?:\\.slice)?");
    private static final Pattern USER_SLICE = bytePattern("user-(\\d+)\\.slice");
    private static final Pattern MACHINE_SCOPE = bytePattern("machine-(.+)\\.scope");
    private static final Pattern LXC_PAYLOAD = bytePattern("lxc\\.payload\\.(.+)");
    /** A run of systemd escapes: {@code \xNN} one or more times. */
    private static final Pattern SYSTEMD_ESCAPES = bytePattern("(?:\\\\x[0-9a-fA-F]{2})+");
    /** One systemd escape, {@code \xNN}: its length, and that of its prefix and of its hex digits. */
    private static final int ESCAPE_LENGTH = 4;
    private static final int ESCAPE_PREFIX = 2;
    private static final int ESCAPE_DIGITS = 2;
    /**
     * Paths and names are bytes (file names need not be UTF-8); the patterns
     * match text holding each byte as one char of this charset, and names go
     * back to bytes through it, unchanged.
     */
    private static final Charset BYTES_AS_CHARS = StandardCharsets.ISO_8859_1;
    private static final String KUBEPODS = "kubepods";
    private static final String MACHINE_SLICE = "machine.slice";
    private static final String LXC = "lxc";
    private static final String QEMU_PREFIX = "qemu-";
    private static final String LXC_PREFIX = "lxc-";
    private static final char SEPARATOR = '/';
    private static final char NAME_SEPARATOR = '_';

    private CgroupNaming() {
    }

    /**
     * A pattern over a path held one byte per char ({@link #BYTES_AS_CHARS}).
     * Compiled with {@link Pattern#DOTALL} so that {@code .} matches every byte:
     * without it, {@code .} stops at 0x0A, 0x0D and 0x85, and 0x85 is no line
     * break here but a common UTF-8 continuation byte (the second of "Å", C3 85,
     * and of "х", D1 85), so {@code machine-Åsa.scope} would match no rule.
     */
    private static Pattern bytePattern(String regex) {
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    /** {@link #name(ByteString, boolean)} of a path given as text (a data file's), UTF-8 encoded. */
    public static CgroupRecord name(String path, boolean unified) {
        return name(ByteString.utf8(path), unified);
    }

    /**
     * The record of the cgroup at {@code bytesPath} ("/a/b", relative to the
     * hierarchy's root, as the file system's bytes). The name keeps the path's
     * bytes where it is derived from them.
     *
     * @param unified whether the hierarchy is cgroup v2
     */
    public static CgroupRecord name(ByteString bytesPath, boolean unified) {
        String path = new String(bytesPath.toByteArray(), BYTES_AS_CHARS);
        String[] parts = path.substring(1).split(String.valueOf(SEPARATOR));
        String last = parts[parts.length - 1];
        long options = unified ? CgroupRecord.OPTION_IS_UNIFIED : 0;
        List<LookupLabel> labels = new ArrayList<>();
        String kubePod = kubernetesPod(parts);
        Matcher m;
        if (kubePod != null) {
            labels.add(label("pod_uid", kubePod));
            String container = containerId(last);
            String name = "k8s_pod_" + kubePod;
            if (container != null) {
                labels.add(label("container_id", container));
                name += NAME_SEPARATOR + container.substring(0, SHORT_ID);
            }
            return record(bytesPath, name, options, Orchestrator.K8S, labels);
        }
        if ((m = DOCKER_SCOPE.matcher(last)).matches() || isBareIdUnder(parts, "docker")) {
            String id = m.matches() ? m.group(1) : last;
            labels.add(label("container_id", id));
            return record(bytesPath, "docker_" + id.substring(0, SHORT_ID), options, Orchestrator.DOCKER, labels);
        }
        if ((m = PODMAN_SCOPE.matcher(last)).matches()) {
            labels.add(label("container_id", m.group(1)));
            return record(bytesPath, "podman_" + m.group(1).substring(0, SHORT_ID), options, Orchestrator.PODMAN,
                    labels);
        }
        if ((m = CRI_SCOPE.matcher(last)).matches()) {
            labels.add(label("container_id", m.group(1)));
            return record(bytesPath, "containerd_" + m.group(1).substring(0, SHORT_ID), options,
                    Orchestrator.UNKNOWN, labels);
        }
        if (last.endsWith(SERVICE_SUFFIX) && contains(parts, SYSTEM_SLICE)) {
            String unit = last.substring(0, last.length() - SERVICE_SUFFIX.length());
            return record(bytesPath, unescape(unit), options | CgroupRecord.OPTION_SYSTEM_SLICE_SERVICE,
                    Orchestrator.SYSTEMD, labels);
        }
        if ((m = USER_SLICE.matcher(last)).matches()) {
            labels.add(label("uid", m.group(1)));
            return record(bytesPath, "user_" + m.group(1), options, Orchestrator.SYSTEMD, labels);
        }
        if ((m = MACHINE_SCOPE.matcher(last)).matches() && contains(parts, MACHINE_SLICE)) {
            String machine = unescape(m.group(1));
            int orchestrator = machine.startsWith(QEMU_PREFIX) ? Orchestrator.KVM
                    : machine.startsWith(LXC_PREFIX) ? Orchestrator.LXC : Orchestrator.NSPAWN;
            return record(bytesPath, "machine_" + machine, options, orchestrator, labels);
        }
        if ((m = LXC_PAYLOAD.matcher(last)).matches()
                || (parts.length == 2 && parts[0].equals(LXC))) {
            String container = m.matches() ? m.group(1) : last;
            return record(bytesPath, "lxc_" + container, options, Orchestrator.LXC, labels);
        }
        return record(bytesPath, path.substring(1).replace(SEPARATOR, NAME_SEPARATOR), options,
                Orchestrator.UNKNOWN, labels);
    }

    /** The pod uid (dashes) when {@code parts} run through a kubepods hierarchy to a pod, else null. */
    private static String kubernetesPod(String[] parts) {
        boolean underKubepods = false;
        for (String part : parts) {
            if (part.startsWith(KUBEPODS)) {
                underKubepods = true;
            }
            Matcher pod = POD.matcher(part);
            if (underKubepods && pod.matches()) {
                return pod.group(1).replace(NAME_SEPARATOR, '-').toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The container id in a pod's child cgroup, or null. */
    private static String containerId(String last) {
        for (Pattern scope : new Pattern[] {CRI_SCOPE, DOCKER_SCOPE}) {
            Matcher m = scope.matcher(last);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return CONTAINER_ID.matcher(last).matches() ? last : null;
    }

    private static boolean isBareIdUnder(String[] parts, String parent) {
        return parts.length >= 2 && parts[parts.length - 2].equals(parent)
                && CONTAINER_ID.matcher(parts[parts.length - 1]).matches();
    }

    private static boolean contains(String[] parts, String wanted) {
        for (String part : parts) {
            if (part.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Undoes systemd's unit-name escaping. systemd writes every byte of a name
     * outside {@code [a-zA-Z0-9:_.]} as {@code \xNN}, so a non-ASCII character
     * is a run of escapes, one per byte of its UTF-8 form ({@code caf\xc3\xa9}
     * is "café"): each run is decoded into those bytes, held one per char as
     * everywhere here. An escaped byte that starts no valid UTF-8 sequence, or
     * whose character is a control character (NUL above all: names are
     * NUL-terminated on the wire), stays escaped.
     */
    static String unescape(String unit) {
        Matcher m = SYSTEMD_ESCAPES.matcher(unit);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decodeEscapes(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A run of escapes ("\xc3\xa9\x2d"): each character's bytes, or its escapes when it is none. */
    private static String decodeEscapes(String run) {
        byte[] bytes = new byte[run.length() / ESCAPE_LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            int digits = i * ESCAPE_LENGTH + ESCAPE_PREFIX;
            bytes[i] = (byte) HexFormat.fromHexDigits(run, digits, digits + ESCAPE_DIGITS);
        }
        ByteString escaped = ByteString.of(bytes);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length;) {
            int length = printableUtf8Sequence(escaped, i);
            if (length == 0) {
                out.append(run, i * ESCAPE_LENGTH, (i + 1) * ESCAPE_LENGTH);
                i++;
            } else {
                out.append(new String(bytes, i, length, BYTES_AS_CHARS));
                i += length;
            }
        }
        return out.toString();
    }

    /**
     * The length of the UTF-8 sequence at {@code bytes[from]} when it is one
     * valid character (strictly: no overlong forms, no surrogates) that is no
     * control character, else 0.
     */
    private static int printableUtf8Sequence(ByteString bytes, int from) {
        int codePoint = Utf8.codePointAt(bytes, from);
        return codePoint == Utf8.NOT_A_CHARACTER || Character.isISOControl(codePoint) ? 0 : Utf8.length(codePoint);
    }

    private static LookupLabel label(String key, String value) {
        return new LookupLabel(bytes(key), bytes(value));
    }

    private static CgroupRecord record(ByteString path, String name, long options, int orchestrator,
            List<LookupLabel> labels) {
        return CgroupRecord.named(path, bytes(name), options, orchestrator, labels);
    }

    /** The bytes that {@code text} (one char per byte) holds. */
    private static ByteString bytes(String text) {
        return ByteString.of(text.getBytes(BYTES_AS_CHARS));
    }
}
