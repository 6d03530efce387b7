package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CGROUPS_LOOKUP item rules of {@code codec-cgroups-lookup.md}: fixed header
 * fields, status values and the status-dependent field rules. Shared framing,
 * string and label rules are in {@link LookupFramingRejectionTest} and
 * {@link LookupItemContentRejectionTest}.
 */
class CgroupsLookupItemRejectionTest {
    private static final String PATH = "/sys/fs/cgroup/machine.slice/vm-7.scope";

    private final byte[] valid = validCgroupsResponse();

    private static CgroupsLookupResponse decode(byte[] response) {
        return CgroupsLookupResponseView.decode(response).toOwned();
    }

    private byte[] withVictimU16(int field, int value) {
        return withU16(valid, itemField(valid, VICTIM, field), value);
    }

    /** A one-item response whose item has {@code status} and nothing but its path. */
    private static byte[] withStatus(int status) {
        return cgroupsResponse(GENERATION,
                List.of(new CgroupsLookupItem(status, 0, utf8(PATH), ByteString.EMPTY, List.of())));
    }

    @Test
    void acceptsValidResponse() {
        assertThat(decode(valid)).isEqualTo(new CgroupsLookupResponse(GENERATION, CG_ITEMS));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void rejectsItemLayoutVersionOtherThan1(int layout) {
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withVictimU16(CG_LAYOUT_VERSION, layout)));
    }

    @Test
    void rejectsNonZeroReserved0() {
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withVictimU16(CG_RESERVED0, 1)));
    }

    @Test
    void rejectsNonZeroReserved1() {
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withVictimU16(CG_RESERVED1, U16_MAX)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.OVERSIZED_ITEM + 1, U16_MAX})
    void rejectsUnknownStatus(int status) {
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withVictimU16(CG_STATUS, status)));
    }

    @Test
    void rejectsEmptyPathOnKnownItem() {
        assertRejects(CodecError.BAD_LAYOUT,
                () -> decode(withU32(valid, itemField(valid, VICTIM, CG_PATH_LENGTH), 0)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.UNKNOWN_RETRY_LATER, CgroupLookupStatus.UNKNOWN_PERMANENT,
        CgroupLookupStatus.PAYLOAD_EXCEEDED, CgroupLookupStatus.OVERSIZED_ITEM})
    void rejectsEmptyPathOnNonKnownItem(int status) {
        byte[] response = withStatus(status);
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, itemField(response, 0, CG_PATH_LENGTH), 0)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.UNKNOWN_RETRY_LATER, CgroupLookupStatus.UNKNOWN_PERMANENT,
        CgroupLookupStatus.PAYLOAD_EXCEEDED, CgroupLookupStatus.OVERSIZED_ITEM})
    void rejectsOrchestratorOnNonKnownItem(int status) {
        byte[] response = withStatus(status);
        assertRejects(CodecError.BAD_LAYOUT,
                () -> decode(withU16(response, itemField(response, 0, CG_ORCHESTRATOR), Orchestrator.SYSTEMD)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.UNKNOWN_RETRY_LATER, CgroupLookupStatus.UNKNOWN_PERMANENT,
        CgroupLookupStatus.PAYLOAD_EXCEEDED, CgroupLookupStatus.OVERSIZED_ITEM})
    void rejectsNameOnNonKnownItem(int status) {
        byte[] response = withStatus(status);
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU32(response, itemField(response, 0, CG_NAME_LENGTH), 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.UNKNOWN_RETRY_LATER, CgroupLookupStatus.UNKNOWN_PERMANENT,
        CgroupLookupStatus.PAYLOAD_EXCEEDED, CgroupLookupStatus.OVERSIZED_ITEM})
    void rejectsLabelsOnNonKnownItem(int status) {
        byte[] response = withStatus(status);
        assertRejects(CodecError.BAD_LAYOUT, () -> decode(withU16(response, itemField(response, 0, CG_LABEL_COUNT), 1)));
    }

    @Test
    void rejectsItemShorterThanItsHeaderWhenWrappedDirectly() {
        int start = itemStart(valid, VICTIM);
        assertRejects(CodecError.TRUNCATED,
                () -> new CgroupsLookupItemView().wrap(ByteBuffer.wrap(valid), start, CG_ITEM_HEADER_SIZE - 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {CgroupLookupStatus.KNOWN, CgroupLookupStatus.UNKNOWN_RETRY_LATER,
        CgroupLookupStatus.UNKNOWN_PERMANENT, CgroupLookupStatus.PAYLOAD_EXCEEDED, CgroupLookupStatus.OVERSIZED_ITEM})
    void acceptsEveryStatusWithNothingButThePath(int status) {
        CgroupsLookupItem item = decode(withStatus(status)).items().get(0);
        assertThat(item.status()).isEqualTo(status);
        assertThat(item.path().asString()).isEqualTo(PATH);
    }

    @ParameterizedTest
    @ValueSource(ints = {Orchestrator.NSPAWN + 1, U16_MAX})
    void acceptsUnknownOrchestratorValuesOnKnownItems(int orchestrator) {
        assertThat(decode(withVictimU16(CG_ORCHESTRATOR, orchestrator)).items().get(VICTIM).orchestrator())
                .isEqualTo(orchestrator);
    }

    @Test
    void acceptsKnownItemWithEmptyNameAndNoLabels() {
        CgroupsLookupItem item = knownCgroup(PATH, "", List.of());
        assertThat(decode(cgroupsResponse(GENERATION, List.of(item))).items()).containsExactly(item);
    }
}
