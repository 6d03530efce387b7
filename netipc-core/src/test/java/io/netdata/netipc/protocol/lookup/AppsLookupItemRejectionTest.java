package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The APPS_LOOKUP item rules of {@code codec-apps-lookup.md}: fixed header
 * fields, the status enums, the comm limit and every status-dependent field
 * rule of "Field Semantics". Shared framing, string and label rules are in
 * {@link LookupFramingRejectionTest} and {@link LookupItemContentRejectionTest}.
 */
class AppsLookupItemRejectionTest {
    /** Indexes into {@link LookupFixtures#APPS_ITEMS}, one per cgroup status. */
    private static final int HOST_ROOT_ITEM = 0;
    private static final int KNOWN_CGROUP_ITEM = 1;
    private static final int RETRY_LATER_ITEM = 2;
    private static final int PERMANENT_ITEM = 3;

    private final byte[] valid = validAppsResponse();

    private static AppsLookupResponse decode(byte[] response) {
        return AppsLookupResponseView.decode(response).toOwned();
    }

    private byte[] withU16At(int item, int field, int value) {
        return withU16(valid, itemField(valid, item, field), value);
    }

    private byte[] withU32At(int item, int field, long value) {
        return withU32(valid, itemField(valid, item, field), value);
    }

    @Test
    void acceptsValidResponse() {
        assertThat(decode(valid)).isEqualTo(new AppsLookupResponse(GENERATION, APPS_ITEMS));
    }

    @Nested
    class Header {
        @ParameterizedTest
        @ValueSource(ints = {0, 2})
        void rejectsItemLayoutVersionOtherThan1(int layout) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(VICTIM, APPS_LAYOUT_VERSION, layout)));
        }

        @Test
        void rejectsNonZeroReserved0() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(VICTIM, APPS_RESERVED0, U32_HIGH_BIT)));
        }

        @Test
        void rejectsNonZeroReserved1() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(VICTIM, APPS_RESERVED1, 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.OVERSIZED_ITEM + 1, U16_MAX})
        void rejectsUnknownPidStatus(int status) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(VICTIM, APPS_STATUS, status)));
        }

        @ParameterizedTest
        @ValueSource(ints = {AppsCgroupStatus.HOST_ROOT + 1, U16_MAX})
        void rejectsUnknownCgroupStatus(int cgroupStatus) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(VICTIM, APPS_CGROUP_STATUS, cgroupStatus)));
        }

        @Test
        void rejectsCommLongerThan15Bytes() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(VICTIM, APPS_COMM_LENGTH, COMM_MAX + 1)));
        }

        @Test
        void rejectsItemShorterThanItsHeaderWhenWrappedDirectly() {
            int start = itemStart(valid, VICTIM);
            assertRejects(CodecError.TRUNCATED,
                    () -> new AppsLookupItemView().wrap(ByteBuffer.wrap(valid), start, APPS_ITEM_HEADER_SIZE - 1));
        }

        @Test
        void acceptsCommOfExactly15Bytes() {
            AppsLookupItem item = knownProcess("x".repeat(COMM_MAX), "/a", "", List.of());
            assertThat(decode(appsResponse(GENERATION, List.of(item))).items()).containsExactly(item);
        }

        @ParameterizedTest
        @ValueSource(ints = {Orchestrator.NSPAWN + 1, U16_MAX})
        void acceptsUnknownOrchestratorValuesOnKnownCgroups(int orchestrator) {
            assertThat(decode(withU16At(KNOWN_CGROUP_ITEM, APPS_ORCHESTRATOR, orchestrator)).items()
                    .get(KNOWN_CGROUP_ITEM).orchestrator()).isEqualTo(orchestrator);
        }

        @Test
        void acceptsFullRangeNumericFields() {
            AppsLookupItem item = new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, U32_MAX,
                    U32_MAX, UID_UNSET, -1, utf8("init"), ByteString.EMPTY, ByteString.EMPTY, List.of());
            assertThat(decode(appsResponse(-1, List.of(item))).items()).containsExactly(item);
        }
    }

    /** Items whose PID status is UNKNOWN, PAYLOAD_EXCEEDED or OVERSIZED_ITEM carry nothing but the PID. */
    @Nested
    class UnenrichedItem {
        private static final long PID = 31_337;

        private byte[] response(int status) {
            return appsResponse(GENERATION, List.of(new AppsLookupItem(status, 0, 0, PID, 0, UID_UNSET, 0,
                    ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of())));
        }

        private void assertRejectsU16(int status, int field, int value) {
            byte[] response = response(status);
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16(response, itemField(response, 0, field), value)));
        }

        private void assertRejectsU32(int status, int field, long value) {
            byte[] response = response(status);
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, itemField(response, 0, field), value)));
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void acceptsItemCarryingOnlyThePid(int status) {
            AppsLookupItem item = decode(response(status)).items().get(0);
            assertThat(item.status()).isEqualTo(status);
            assertThat(item.pid()).isEqualTo(PID);
            assertThat(item.uid()).isEqualTo(UID_UNSET);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsOrchestrator(int status) {
            assertRejectsU16(status, APPS_ORCHESTRATOR, Orchestrator.DOCKER);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsCgroupStatus(int status) {
            assertRejectsU16(status, APPS_CGROUP_STATUS, AppsCgroupStatus.UNKNOWN_RETRY_LATER);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsPpid(int status) {
            assertRejectsU32(status, APPS_PPID, 1);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsUidOtherThanUnset(int status) {
            assertRejectsU32(status, APPS_UID, 0);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsStarttime(int status) {
            byte[] response = response(status);
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> decode(withU64(response, itemField(response, 0, APPS_STARTTIME), 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsComm(int status) {
            assertRejectsU32(status, APPS_COMM_LENGTH, 1);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsCgroupPath(int status) {
            assertRejectsU32(status, APPS_CGROUP_PATH_LENGTH, 1);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsCgroupName(int status) {
            assertRejectsU32(status, APPS_CGROUP_NAME_LENGTH, 1);
        }

        @ParameterizedTest
        @ValueSource(ints = {PidLookupStatus.UNKNOWN, PidLookupStatus.PAYLOAD_EXCEEDED, PidLookupStatus.OVERSIZED_ITEM})
        void rejectsLabels(int status) {
            assertRejectsU16(status, APPS_LABEL_COUNT, 1);
        }
    }

    /** A KNOWN process: a comm, and the cgroup fields its cgroup status allows. */
    @Nested
    class KnownProcess {
        @Test
        void rejectsKnownProcessWithoutComm() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(VICTIM, APPS_COMM_LENGTH, 0)));
        }

        @Test
        void rejectsEmptyCgroupPathForKnownCgroup() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> decode(withU32At(KNOWN_CGROUP_ITEM, APPS_CGROUP_PATH_LENGTH, 0)));
        }

        @Test
        void rejectsEmptyCgroupPathForPermanentlyUnknownCgroup() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(PERMANENT_ITEM, APPS_CGROUP_PATH_LENGTH, 0)));
        }

        @Test
        void rejectsCgroupPathForHostRoot() {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(HOST_ROOT_ITEM, APPS_CGROUP_PATH_LENGTH, 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {HOST_ROOT_ITEM, RETRY_LATER_ITEM, PERMANENT_ITEM})
        void rejectsOrchestratorOnUnresolvedCgroup(int item) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(item, APPS_ORCHESTRATOR, Orchestrator.K8S)));
        }

        @ParameterizedTest
        @ValueSource(ints = {HOST_ROOT_ITEM, RETRY_LATER_ITEM, PERMANENT_ITEM})
        void rejectsCgroupNameOnUnresolvedCgroup(int item) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32At(item, APPS_CGROUP_NAME_LENGTH, 1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {HOST_ROOT_ITEM, RETRY_LATER_ITEM, PERMANENT_ITEM})
        void rejectsLabelsOnUnresolvedCgroup(int item) {
            assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16At(item, APPS_LABEL_COUNT, 1)));
        }

        @Test
        void acceptsRetryLaterCgroupWithAndWithoutPath() {
            AppsLookupItem withPath = new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER,
                    0, 7, 1, 0, 9, utf8("cron"), utf8("/system.slice/cron.service"), ByteString.EMPTY, List.of());
            AppsLookupItem withoutPath = APPS_ITEMS.get(RETRY_LATER_ITEM);

            assertThat(decode(appsResponse(GENERATION, List.of(withPath, withoutPath))).items())
                    .containsExactly(withPath, withoutPath);
        }

        @Test
        void rejectsTwoEmptyStringsSharingOneNul() {
            int pathOffset = itemField(valid, HOST_ROOT_ITEM, APPS_CGROUP_PATH_OFFSET);
            assertRejects(CodecError.BAD_LAYOUT, "overlap",
                    () -> decode(withU32At(HOST_ROOT_ITEM, APPS_CGROUP_NAME_OFFSET, u32(valid, pathOffset))));
        }
    }
}
