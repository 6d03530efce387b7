package io.netdata.netipc.bench.jmh;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Method-payload micro-benchmarks for the messages {@link CodecBenchmarks} does
 * not cover: STRING_REVERSE (encode, and the Level 2 client's read: an owned
 * copy of a 64-byte string), APPS_LOOKUP (request encode of 16 PIDs, request
 * decode, response build of 16 containerised processes with labels, response
 * decode), the CGROUPS_LOOKUP request decode (16 container paths), and the
 * CGROUPS_SNAPSHOT request (encode and decode).
 *
 * <p>Every decode validates the message ({@code wrap}) and then reads what its
 * consumer reads: every key of a request, and every field, string and label of
 * every response item, compared with what was encoded. It returns how many
 * items matched, so a correct run of a 16-item decode returns 16.
 *
 * <p>Run: {@code java -cp benchmarks/target/bench_posix.jar org.openjdk.jmh.Main MethodBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MethodBenchmarks {
    /** 64 ASCII bytes. */
    static final ByteString REVERSE_TEXT =
            ByteString.utf8("/sys/fs/cgroup/system.slice/netdata.service: reverse me, please!");
    static final int LOOKUP_ITEMS = 16;
    private static final int BUFFER_BYTES = 65_536;
    private static final long FIRST_PID = 4_200;
    private static final long PID_STRIDE = 37;
    private static final long PPID = 1;
    private static final long UID = 1000;
    /** Jiffies since boot of the first process; each next one started a jiffy later. */
    private static final long FIRST_STARTTIME = 1_234_567;
    private static final long GENERATION = 3;
    private static final String[] COMMS = {"nginx", "postgres", "redis-server", "node"};
    /** A container id is 64 hex digits: 4 words of 16, from a multiplicative mix of the item's index. */
    private static final int CONTAINER_ID_WORDS = 4;
    private static final long CONTAINER_ID_MIX = 0x9e37_79b9_7f4a_7c15L;
    private static final ByteString IMAGE_KEY = ByteString.utf8("image");
    private static final ByteString SERVICE_KEY = ByteString.utf8("com.docker.compose.service");

    private final ByteBuffer stringReverse = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer appsRequest = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer appsResponse = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer cgroupsRequest = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer snapshotRequest = ByteBuffer.allocate(BUFFER_BYTES);
    private final StringReverseView stringReverseView = new StringReverseView();
    private final AppsLookupRequestView appsRequestView = new AppsLookupRequestView();
    private final AppsLookupResponseBuilder appsBuilder = new AppsLookupResponseBuilder();
    private final AppsLookupResponseView appsView = new AppsLookupResponseView();
    private final AppsLookupItemView appsItem = new AppsLookupItemView();
    private final LookupLabelView label = new LookupLabelView();
    private final CgroupsLookupRequestView cgroupsRequestView = new CgroupsLookupRequestView();
    private final BytesView path = new BytesView();
    private final CgroupsSnapshotRequestView snapshotRequestView = new CgroupsSnapshotRequestView();
    private final long[] pids = new long[LOOKUP_ITEMS];
    private final ByteString[] comms = new ByteString[LOOKUP_ITEMS];
    private final ByteString[] paths = new ByteString[LOOKUP_ITEMS];
    private final ByteString[] names = new ByteString[LOOKUP_ITEMS];
    private final List<List<LookupLabel>> labels = new ArrayList<>();
    /** The inputs of the encoders; fields, so the JIT cannot fold them into constants. */
    private ByteString reverseText;
    private CgroupsSnapshotRequest snapshotRequestValue;
    /** What a server keeps room for: the request's items answered PAYLOAD_EXCEEDED. */
    private int[] suffixBytes;
    private int stringReverseLength;
    private int appsRequestLength;
    private int appsResponseLength;
    private int cgroupsRequestLength;

    @Setup
    public void setUp() {
        reverseText = REVERSE_TEXT;
        snapshotRequestValue = CgroupsSnapshotRequest.STANDARD;
        for (int i = 0; i < LOOKUP_ITEMS; i++) {
            String service = "web-" + i;
            String containerId = String.format("%016x", (i + 1) * CONTAINER_ID_MIX).repeat(CONTAINER_ID_WORDS);
            pids[i] = FIRST_PID + i * PID_STRIDE;
            comms[i] = ByteString.utf8(COMMS[i % COMMS.length]);
            paths[i] = ByteString.utf8("/sys/fs/cgroup/system.slice/docker-" + containerId + ".scope");
            names[i] = ByteString.utf8(service);
            labels.add(List.of(new LookupLabel(IMAGE_KEY, ByteString.utf8(COMMS[i % COMMS.length] + ":latest")),
                    new LookupLabel(SERVICE_KEY, ByteString.utf8(service))));
        }
        suffixBytes = AppsLookupResponseBuilder.payloadExceededSuffixBytes(LOOKUP_ITEMS);
        stringReverseLength = encodeStringReverse();
        appsRequestLength = encodeAppsRequest();
        appsResponseLength = buildAppsResponse();
        cgroupsRequestLength = CgroupsLookupRequestEncoder.encode(List.of(paths), cgroupsRequest, 0,
                cgroupsRequest.capacity());
        encodeSnapshotRequest();
    }

    @Benchmark
    public int encodeStringReverse() {
        return StringReverseEncoder.encode(reverseText, stringReverse, 0, stringReverse.capacity());
    }

    /** As the Level 2 client reads an answer: an owned copy of the string. */
    @Benchmark
    public ByteString decodeStringReverse() {
        return stringReverseView.wrap(stringReverse, 0, stringReverseLength).toOwned();
    }

    @Benchmark
    public int encodeAppsRequest() {
        return AppsLookupRequestEncoder.encode(pids, appsRequest, 0, appsRequest.capacity());
    }

    @Benchmark
    public int decodeAppsRequest() {
        appsRequestView.wrap(appsRequest, 0, appsRequestLength);
        int matching = 0;
        for (int i = 0; i < appsRequestView.itemCount(); i++) {
            if (appsRequestView.pid(i) == pids[i]) {
                matching++;
            }
        }
        return matching;
    }

    /** As a managed server builds the answer: room kept for the items that would not fit. */
    @Benchmark
    public int buildAppsResponse() {
        appsBuilder.reset(appsResponse, 0, appsResponse.capacity(), LOOKUP_ITEMS, GENERATION)
                .setPayloadExceededSuffixBytes(suffixBytes);
        for (int i = 0; i < LOOKUP_ITEMS; i++) {
            appsBuilder.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.DOCKER, pids[i], PPID, UID,
                    FIRST_STARTTIME + i, comms[i], paths[i], names[i], labels.get(i));
        }
        return appsBuilder.finish();
    }

    @Benchmark
    public int decodeAppsResponse() {
        appsView.wrap(appsResponse, 0, appsResponseLength);
        if (appsView.generation() != GENERATION) {
            return 0;
        }
        int matching = 0;
        for (int i = 0; i < appsView.itemCount(); i++) {
            if (appsItemMatches(appsView.item(i, appsItem), i)) {
                matching++;
            }
        }
        return matching;
    }

    private boolean appsItemMatches(AppsLookupItemView item, int i) {
        return item.status() == PidLookupStatus.KNOWN && item.cgroupStatus() == AppsCgroupStatus.KNOWN
                && item.orchestrator() == Orchestrator.DOCKER && item.pid() == pids[i] && item.ppid() == PPID
                && item.uid() == UID && item.starttime() == FIRST_STARTTIME + i
                && item.comm().contentEquals(comms[i]) && item.cgroupPath().contentEquals(paths[i])
                && item.cgroupName().contentEquals(names[i]) && labelsMatch(item, labels.get(i));
    }

    private boolean labelsMatch(AppsLookupItemView item, List<LookupLabel> expected) {
        if (item.labelCount() != expected.size()) {
            return false;
        }
        for (int j = 0; j < expected.size(); j++) {
            item.label(j, label);
            if (!label.key().contentEquals(expected.get(j).key())
                    || !label.value().contentEquals(expected.get(j).value())) {
                return false;
            }
        }
        return true;
    }

    @Benchmark
    public int decodeCgroupsLookupRequest() {
        cgroupsRequestView.wrap(cgroupsRequest, 0, cgroupsRequestLength);
        int matching = 0;
        for (int i = 0; i < cgroupsRequestView.itemCount(); i++) {
            if (cgroupsRequestView.path(i, path).contentEquals(paths[i])) {
                matching++;
            }
        }
        return matching;
    }

    @Benchmark
    public int encodeSnapshotRequest() {
        return snapshotRequestValue.encodeTo(snapshotRequest, 0);
    }

    /** Returns the request's layout version plus its flags: 1 for the only valid request. */
    @Benchmark
    public int decodeSnapshotRequest() {
        CgroupsSnapshotRequestView v = snapshotRequestView.wrap(snapshotRequest, 0, CgroupsSnapshotRequestView.SIZE);
        return v.layoutVersion() + v.flags();
    }
}
