package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder goes reset → add… → finish. Finishing moves bytes in place, so a
 * second finish must return the same message and adding after finish (or before
 * any reset) must be refused rather than corrupt the message.
 */
class BuilderLifecycleTest {
    private static final int CAPACITY = 512;
    private static final int MAX_ITEMS = 4;
    private static final ByteString NAME = ByteString.utf8("init.scope");
    private static final ByteString PATH = ByteString.utf8("/sys/fs/cgroup/init.scope");
    private static final long PID = 4242;

    /**
     * One builder under test: how to reset it, add one item, finish it and decode
     * its output, and every other entry point that changes the message (each must
     * be refused after finish).
     */
    private record Subject(String name, Consumer<ByteBuffer> reset, Runnable addOne, IntFunction<Integer> finish,
            Consumer<byte[]> decode, List<Runnable> otherChanges) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> builders() {
        BatchBuilder batch = new BatchBuilder();
        CgroupsSnapshotResponseBuilder snapshot = new CgroupsSnapshotResponseBuilder();
        CgroupsLookupResponseBuilder cgroups = new CgroupsLookupResponseBuilder();
        AppsLookupResponseBuilder apps = new AppsLookupResponseBuilder();
        CgroupsLookupRequestView request = CgroupsLookupRequestView.decode(
                CgroupsLookupRequestEncoder.encode(List.of(PATH)));
        return Stream.of(
                new Subject("batch", b -> batch.reset(b, 0, CAPACITY, MAX_ITEMS), () -> batch.add(NAME),
                        ignored -> batch.finish(), bytes -> BatchView.decode(bytes, 2),
                        List.of(() -> batch.add(NAME.toByteArray()), () -> batch.reserve(1))),
                new Subject("cgroups snapshot", b -> snapshot.reset(b, 0, CAPACITY, MAX_ITEMS, 1, 1),
                        () -> snapshot.add(SimpleHash.of(NAME), 0, 1, NAME, PATH), ignored -> snapshot.finish(),
                        bytes -> CgroupsSnapshotResponseView.decode(bytes).toOwned(),
                        List.of(() -> snapshot.setHeader(0, 0),
                                () -> snapshot.add(new CgroupsSnapshotItem(SimpleHash.of(NAME), 0, 1, NAME, PATH)))),
                new Subject("cgroups lookup", b -> cgroups.reset(b, 0, CAPACITY, MAX_ITEMS, 1),
                        () -> cgroups.add(CgroupLookupStatus.UNKNOWN_PERMANENT, 0, PATH, ByteString.EMPTY),
                        ignored -> cgroups.finish(), bytes -> CgroupsLookupResponseView.decode(bytes).toOwned(),
                        List.of(() -> cgroups.setGeneration(0), () -> cgroups.setPayloadExceededSuffixBytes(null),
                                () -> cgroups.addRequestItem(request, 0, CgroupLookupStatus.UNKNOWN_PERMANENT, 0,
                                        ByteString.EMPTY, List.of()))),
                new Subject("apps lookup", b -> apps.reset(b, 0, CAPACITY, MAX_ITEMS, 1), () -> apps.addUnknown(PID),
                        ignored -> apps.finish(), bytes -> AppsLookupResponseView.decode(bytes).toOwned(),
                        List.of(() -> apps.setGeneration(0), () -> apps.setPayloadExceededSuffixBytes(null),
                                () -> apps.add(AppsLookupItem.unknown(PID)))))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void refusesUseBeforeReset(Subject subject) {
        assertThatThrownBy(subject.addOne()::run).isInstanceOf(IllegalStateException.class);
        for (Runnable change : subject.otherChanges()) {
            assertThatThrownBy(change::run).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> subject.finish().apply(0)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void finishingTwiceReturnsTheSameValidMessage(Subject subject) {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        subject.reset().accept(buffer);
        subject.addOne().run();
        subject.addOne().run();
        int length = subject.finish().apply(0);
        byte[] first = Arrays.copyOf(buffer.array(), length);

        assertThat(subject.finish().apply(0)).isEqualTo(length);
        assertThat(Arrays.copyOf(buffer.array(), length)).isEqualTo(first);
        subject.decode().accept(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void refusesAddingAfterFinishUntilReset(Subject subject) {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        subject.reset().accept(buffer);
        subject.addOne().run();
        subject.finish().apply(0);

        assertThatThrownBy(subject.addOne()::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reset");
        for (Runnable change : subject.otherChanges()) {
            assertThatThrownBy(change::run).isInstanceOf(IllegalStateException.class);
        }

        subject.reset().accept(buffer);
        subject.addOne().run();
        subject.addOne().run();
        subject.decode().accept(Arrays.copyOf(buffer.array(), subject.finish().apply(0)));
    }
}
