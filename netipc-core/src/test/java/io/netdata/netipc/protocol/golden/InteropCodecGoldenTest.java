package io.netdata.netipc.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.golden.GoldenCodecs.GoldenSnapshot;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codec-level proof that the project reproduces the reference's
 * {@code interop_codec encode} output ({@code ../shared/golden/interop-codec/})
 * byte for byte from the same inputs, and decodes every one of those files to
 * those inputs. {@link #VECTORS} is the single table of inputs; builders get the
 * reference fixture's buffer size and announce the item count it announces.
 */
class InteropCodecGoldenTest {
    /** Size of the reference fixture's encode buffer. */
    private static final int REFERENCE_BUFFER_SIZE = 8192;

    /** Every file the reference fixture writes, with the values it encodes into it. */
    private static final List<InteropVector<?>> VECTORS = List.of(
            vector("header.bin", GoldenCodecs.HEADER,
                    MessageHeader.of(Wire.KIND_REQUEST, Wire.FLAG_BATCH, Wire.METHOD_CGROUPS_SNAPSHOT,
                            TransportStatus.OK.code(), 12345, 42, 0xDEADBEEFCAFEBABEL)),
            vector("chunk_header.bin", GoldenCodecs.CHUNK_HEADER,
                    ChunkHeader.of(0x1234567890ABCDEFL, 100000, 3, 10, 8192)),
            vector("hello.bin", GoldenCodecs.HELLO,
                    new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_FUTEX,
                            Wire.PROFILE_SHM_FUTEX, 4096, 100, 1048576, 1, 0xAABBCCDDEEFF0011L, 65536)),
            vector("hello_ack.bin", GoldenCodecs.HELLO_ACK,
                    new HelloAck(Wire.LAYOUT_VERSION, 0, 0x07, 0x05, Wire.PROFILE_SHM_FUTEX, 2048, 50, 65536, 1,
                            32768, 1)),
            vector("cgroups_req.bin", GoldenCodecs.CGROUPS_SNAPSHOT_REQUEST, CgroupsSnapshotRequest.STANDARD),
            vector("cgroups_resp.bin", GoldenCodecs.CGROUPS_SNAPSHOT_RESPONSE, snapshot(1, 999,
                    snapshotItem(100, 0, 1, "init.scope", "/sys/fs/cgroup/init.scope"),
                    snapshotItem(200, 0x02, 0, "system.slice/docker-abc.scope",
                            "/sys/fs/cgroup/system.slice/docker-abc.scope"),
                    snapshotItem(300, 0, 1, "", ""))),
            vector("cgroups_resp_empty.bin", GoldenCodecs.CGROUPS_SNAPSHOT_RESPONSE, snapshot(0, 42)),
            vector("cgroups_lookup_req.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_REQUEST,
                    List.of(utf8("/sys/fs/cgroup/a"), utf8("/system.slice/docker-abc.scope"))),
            vector("cgroups_lookup_req_empty.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_REQUEST, List.of()),
            vector("cgroups_lookup_resp_known_with_labels.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(100, new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.K8S,
                            utf8("/kubepods.slice/pod-a"), utf8("pod-a"),
                            List.of(LookupLabel.of("namespace", "default"), LookupLabel.of("pod", "web"))))),
            vector("cgroups_lookup_resp_known_no_labels.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(101, new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER,
                            utf8("/docker/abc"), ByteString.EMPTY, List.of()))),
            vector("cgroups_lookup_resp_unknown_retry.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(102, unresolvedPath(CgroupLookupStatus.UNKNOWN_RETRY_LATER, "/missing/retry"))),
            vector("cgroups_lookup_resp_unknown_permanent.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(103, unresolvedPath(CgroupLookupStatus.UNKNOWN_PERMANENT, "/gone"))),
            vector("cgroups_lookup_resp_payload_exceeded.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(104, unresolvedPath(CgroupLookupStatus.PAYLOAD_EXCEEDED, "/payload-exceeded"))),
            vector("cgroups_lookup_resp_oversized_item.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE,
                    cgroupsResponse(105, unresolvedPath(CgroupLookupStatus.OVERSIZED_ITEM, "/oversized"))),
            vector("cgroups_lookup_resp_empty.bin", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE, cgroupsResponse(106)),
            vector("apps_lookup_req.bin", LookupGoldenCodecs.APPS_LOOKUP_REQUEST, new long[] {0, 1234, 4321}),
            vector("apps_lookup_req_empty.bin", LookupGoldenCodecs.APPS_LOOKUP_REQUEST, new long[0]),
            vector("apps_lookup_resp_known_full.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(200, new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN,
                            Orchestrator.DOCKER, 1234, 1, 1000, 123456, utf8("123456789012345"), utf8("/docker/abc"),
                            utf8("container-a"),
                            List.of(LookupLabel.of("image", "nginx:latest"), LookupLabel.of("service", "web"))))),
            vector("apps_lookup_resp_known_retry.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(201, knownProcess(AppsCgroupStatus.UNKNOWN_RETRY_LATER, 1235, 1000, 123457, "app",
                            "/pending"))),
            vector("apps_lookup_resp_known_permanent.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(202, knownProcess(AppsCgroupStatus.UNKNOWN_PERMANENT, 1236, 1000, 123458, "app2",
                            "/permanent"))),
            vector("apps_lookup_resp_known_host_root.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(203, knownProcess(AppsCgroupStatus.HOST_ROOT, 1237, 0, 123459, "sshd", ""))),
            vector("apps_lookup_resp_unknown_pid.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(204, unresolvedPid(PidLookupStatus.UNKNOWN, 0))),
            vector("apps_lookup_resp_payload_exceeded.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(205, unresolvedPid(PidLookupStatus.PAYLOAD_EXCEEDED, 1238))),
            vector("apps_lookup_resp_oversized_item.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE,
                    appsResponse(206, unresolvedPid(PidLookupStatus.OVERSIZED_ITEM, 1239))),
            vector("apps_lookup_resp_empty.bin", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE, appsResponse(207)));

    /** One reference fixture file and the value encoded into it. */
    record InteropVector<E>(String file, GoldenCodec<E> codec, E value) {
        byte[] bytes() {
            return GoldenFiles.read(GoldenFiles.INTEROP_CODEC_DIR + "/" + file);
        }

        void assertEncodes() {
            GoldenChecks.assertEncodes(codec, value, REFERENCE_BUFFER_SIZE, bytes());
        }

        void assertDecodes() {
            GoldenChecks.assertDecodes(codec, bytes(), value);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<InteropVector<?>> vectors() {
        return VECTORS;
    }

    @Test
    void tableCoversEveryFileTheReferenceFixtureWrites() {
        assertThat(VECTORS).extracting(InteropVector::file).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(GoldenFiles.fileNames(GoldenFiles.INTEROP_CODEC_DIR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesTheReferenceBytes(InteropVector<?> vector) {
        vector.assertEncodes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesTheReferenceBytesToTheReferenceInputs(InteropVector<?> vector) {
        vector.assertDecodes();
    }

    private static <E> InteropVector<E> vector(String file, GoldenCodec<E> codec, E value) {
        return new InteropVector<>(file, codec, value);
    }

    private static ByteString utf8(String text) {
        return ByteString.utf8(text);
    }

    private static GoldenSnapshot snapshot(long systemdEnabled, long generation, CgroupsSnapshotItem... items) {
        return new GoldenSnapshot(Wire.LAYOUT_VERSION, new CgroupsSnapshot(systemdEnabled, generation, List.of(items)));
    }

    /** A snapshot item with the fixture's literal hash (not {@code simple_hash} of the name). */
    private static CgroupsSnapshotItem snapshotItem(long hash, long options, long enabled, String name, String path) {
        return new CgroupsSnapshotItem(hash, options, enabled, utf8(name), utf8(path));
    }

    private static CgroupsLookupResponse cgroupsResponse(long generation, CgroupsLookupItem... items) {
        return new CgroupsLookupResponse(generation, List.of(items));
    }

    /** A CGROUPS_LOOKUP item that echoes its path and carries no metadata. */
    private static CgroupsLookupItem unresolvedPath(int status, String path) {
        return new CgroupsLookupItem(status, Orchestrator.UNKNOWN, utf8(path), ByteString.EMPTY, List.of());
    }

    private static AppsLookupResponse appsResponse(long generation, AppsLookupItem... items) {
        return new AppsLookupResponse(generation, List.of(items));
    }

    /** A known process (parent PID 1) without cgroup name, orchestrator or labels. */
    private static AppsLookupItem knownProcess(int cgroupStatus, long pid, long uid, long starttime, String comm,
            String cgroupPath) {
        return new AppsLookupItem(PidLookupStatus.KNOWN, cgroupStatus, Orchestrator.UNKNOWN, pid, 1, uid, starttime,
                utf8(comm), utf8(cgroupPath), ByteString.EMPTY, List.of());
    }

    /** An APPS_LOOKUP item that echoes its PID and carries no metadata. */
    private static AppsLookupItem unresolvedPid(int status, long pid) {
        return new AppsLookupItem(status, AppsCgroupStatus.KNOWN, Orchestrator.UNKNOWN, pid, 0,
                AppsLookupItemView.UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of());
    }
}
