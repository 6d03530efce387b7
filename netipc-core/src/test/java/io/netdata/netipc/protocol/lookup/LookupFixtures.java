package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.WireBytes.u32;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.WireBytes;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Valid CGROUPS_LOOKUP and APPS_LOOKUP messages built with the project's
 * encoders and builders, and the layouts of {@code codec-cgroups-lookup.md} and
 * {@code codec-apps-lookup.md} written down independently of the codec.
 */
final class LookupFixtures {
    static final int REQUEST_HEADER_SIZE = 16;
    static final int REQ_LAYOUT_VERSION = 0;
    static final int REQ_FLAGS = 2;
    static final int REQ_ITEM_COUNT = 4;
    static final int REQ_RESERVED0 = 8;
    static final int REQ_RESERVED1 = 12;

    static final int RESPONSE_HEADER_SIZE = 16;
    static final int RESP_LAYOUT_VERSION = 0;
    static final int RESP_FLAGS = 2;
    static final int RESP_ITEM_COUNT = 4;
    static final int RESP_GENERATION = 8;

    static final int ENTRY_SIZE = 8;
    static final int ENTRY_OFFSET = 0;
    static final int ENTRY_LENGTH = 4;

    static final int LABEL_ENTRY_SIZE = 16;
    static final int LABEL_KEY_OFFSET = 0;
    static final int LABEL_KEY_LENGTH = 4;
    static final int LABEL_VALUE_OFFSET = 8;
    static final int LABEL_VALUE_LENGTH = 12;

    static final int CG_ITEM_HEADER_SIZE = 28;
    static final int CG_LAYOUT_VERSION = 0;
    static final int CG_STATUS = 2;
    static final int CG_ORCHESTRATOR = 4;
    static final int CG_RESERVED0 = 6;
    static final int CG_PATH_OFFSET = 8;
    static final int CG_PATH_LENGTH = 12;
    static final int CG_NAME_OFFSET = 16;
    static final int CG_NAME_LENGTH = 20;
    static final int CG_LABEL_COUNT = 24;
    static final int CG_RESERVED1 = 26;

    static final int APPS_ITEM_HEADER_SIZE = 60;
    static final int APPS_LAYOUT_VERSION = 0;
    static final int APPS_STATUS = 2;
    static final int APPS_ORCHESTRATOR = 4;
    static final int APPS_CGROUP_STATUS = 6;
    static final int APPS_PID = 8;
    static final int APPS_PPID = 12;
    static final int APPS_UID = 16;
    static final int APPS_RESERVED0 = 20;
    static final int APPS_STARTTIME = 24;
    static final int APPS_COMM_OFFSET = 32;
    static final int APPS_COMM_LENGTH = 36;
    static final int APPS_CGROUP_PATH_OFFSET = 40;
    static final int APPS_CGROUP_PATH_LENGTH = 44;
    static final int APPS_CGROUP_NAME_OFFSET = 48;
    static final int APPS_CGROUP_NAME_LENGTH = 52;
    static final int APPS_LABEL_COUNT = 56;
    static final int APPS_RESERVED1 = 58;

    static final int APPS_KEY_SIZE = 8;
    static final int APPS_KEY_PID = 0;
    static final int APPS_KEY_RESERVED = 4;

    static final long UID_UNSET = WireBytes.U32_MAX;
    static final int COMM_MAX = 15;
    static final long GENERATION = 0x0000_0002_0000_0017L;
    /** The item the multi-item rejection tests corrupt: not the first, so directory offsets matter. */
    static final int VICTIM = 1;

    /** Two labels, the second with an empty value. */
    static final List<LookupLabel> LABELS = List.of(LookupLabel.of("app", "web"), LookupLabel.of("tier", ""));

    static final List<ByteString> CG_PATHS = List.of(
            utf8("/sys/fs/cgroup/system.slice/nginx.service"),
            utf8("/sys/fs/cgroup/kubepods/pod-a"),
            utf8("/sys/fs/cgroup/new.scope"),
            utf8("/gone"));

    /** Answers to {@link #CG_PATHS}, one per status family; the victim carries a name and labels. */
    static final List<CgroupsLookupItem> CG_ITEMS = List.of(
            new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.SYSTEMD, CG_PATHS.get(0), utf8("nginx"),
                    List.of()),
            new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.K8S, CG_PATHS.get(1), utf8("k8s_pod-a"),
                    LABELS),
            new CgroupsLookupItem(CgroupLookupStatus.UNKNOWN_RETRY_LATER, 0, CG_PATHS.get(2), ByteString.EMPTY,
                    List.of()),
            new CgroupsLookupItem(CgroupLookupStatus.UNKNOWN_PERMANENT, 0, CG_PATHS.get(3), ByteString.EMPTY,
                    List.of()));

    static final long[] PIDS = {1, 4242, 4243, 4244, 99_999};

    /** Answers to {@link #PIDS}: every cgroup status and an unknown PID; the victim carries labels. */
    static final List<AppsLookupItem> APPS_ITEMS = List.of(
            new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, PIDS[0], 0, 0, 1,
                    utf8("systemd"), ByteString.EMPTY, ByteString.EMPTY, List.of()),
            new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, PIDS[1], 1, 1000,
                    123_456_789L, utf8("nginx"), utf8("/sys/fs/cgroup/system.slice/docker-ab.scope"), utf8("web-1"),
                    LABELS),
            new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER, 0, PIDS[2], 1, 0, 5,
                    utf8("bash"), ByteString.EMPTY, ByteString.EMPTY, List.of()),
            new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_PERMANENT, 0, PIDS[3], 1, 0, 6,
                    utf8("sshd"), utf8("/system.slice/ssh.service"), ByteString.EMPTY, List.of()),
            AppsLookupItem.unknown(PIDS[4]));

    private LookupFixtures() {
    }

    static ByteString utf8(String text) {
        return ByteString.utf8(text);
    }

    // ---- requests ----

    static byte[] cgroupsRequest(List<ByteString> paths) {
        return CgroupsLookupRequestEncoder.encode(paths);
    }

    static byte[] validCgroupsRequest() {
        return cgroupsRequest(CG_PATHS);
    }

    static byte[] validAppsRequest() {
        return AppsLookupRequestEncoder.encode(PIDS);
    }

    // ---- responses ----

    /** Generous room for any response of {@code count} items holding {@code stringBytes} of strings and labels. */
    static int capacityFor(int count, long stringBytes, int labels) {
        return (int) (RESPONSE_HEADER_SIZE + count * (ENTRY_SIZE + APPS_ITEM_HEADER_SIZE + 3L + 2 * Wire.ALIGNMENT)
                + stringBytes + labels * (LABEL_ENTRY_SIZE + 2L));
    }

    private static long labelBytes(List<LookupLabel> labels) {
        long bytes = 0;
        for (LookupLabel label : labels) {
            bytes += label.key().length() + label.value().length();
        }
        return bytes;
    }

    static int capacityForCgroups(List<CgroupsLookupItem> items) {
        long strings = 0;
        int labels = 0;
        for (CgroupsLookupItem item : items) {
            strings += item.path().length() + item.name().length() + labelBytes(item.labels());
            labels += item.labels().size();
        }
        return capacityFor(items.size(), strings, labels);
    }

    static int capacityForApps(List<AppsLookupItem> items) {
        long strings = 0;
        int labels = 0;
        for (AppsLookupItem item : items) {
            strings += item.comm().length() + item.cgroupPath().length() + item.cgroupName().length()
                    + labelBytes(item.labels());
            labels += item.labels().size();
        }
        return capacityFor(items.size(), strings, labels);
    }

    static byte[] cgroupsResponse(long generation, List<CgroupsLookupItem> items) {
        int capacity = capacityForCgroups(items);
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder()
                .reset(buffer, 0, capacity, items.size(), generation);
        items.forEach(builder::add);
        return WireBytes.truncated(buffer.array(), builder.finish());
    }

    static byte[] appsResponse(long generation, List<AppsLookupItem> items) {
        int capacity = capacityForApps(items);
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder()
                .reset(buffer, 0, capacity, items.size(), generation);
        items.forEach(builder::add);
        return WireBytes.truncated(buffer.array(), builder.finish());
    }

    static byte[] validCgroupsResponse() {
        return cgroupsResponse(GENERATION, CG_ITEMS);
    }

    static byte[] validAppsResponse() {
        return appsResponse(GENERATION, APPS_ITEMS);
    }

    /** A KNOWN cgroups item with the given strings and labels. */
    static CgroupsLookupItem knownCgroup(String path, String name, List<LookupLabel> labels) {
        return new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, utf8(path), utf8(name), labels);
    }

    /** A KNOWN process in a KNOWN cgroup with the given strings and labels. */
    static AppsLookupItem knownProcess(String comm, String path, String name, List<LookupLabel> labels) {
        return new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.PODMAN, PIDS[1], 1,
                1000, 77, utf8(comm), utf8(path), utf8(name), labels);
    }

    // ---- positions inside encoded messages ----

    /** Offset of directory entry {@code index}'s {@code field}; requests and responses share the layout. */
    static int entry(int index, int field) {
        return REQUEST_HEADER_SIZE + index * ENTRY_SIZE + field;
    }

    /** Offset where the packed area of {@code message} starts. */
    static int packedStart(byte[] message) {
        return (int) (REQUEST_HEADER_SIZE + u32(message, RESP_ITEM_COUNT) * ENTRY_SIZE);
    }

    /** Offset of item (or key) {@code index}'s first byte. */
    static int itemStart(byte[] message, int index) {
        return packedStart(message) + (int) u32(message, entry(index, ENTRY_OFFSET));
    }

    /** Offset of item {@code index}'s field {@code field}. */
    static int itemField(byte[] message, int index, int field) {
        return itemStart(message, index) + field;
    }

    static int itemLength(byte[] message, int index) {
        return (int) u32(message, entry(index, ENTRY_LENGTH));
    }
}
