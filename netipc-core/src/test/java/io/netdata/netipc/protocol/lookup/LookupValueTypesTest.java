package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.WireBytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The lookup enums' name helpers and the owned lookup records. */
class LookupValueTypesTest {

    @ParameterizedTest
    @CsvSource({"0, UNKNOWN", "1, SYSTEMD", "2, DOCKER", "3, K8S", "4, KVM", "5, LXC", "6, PODMAN", "7, NSPAWN",
        "8, 8", "65535, 65535", "-1, -1"})
    void orchestratorNamesDefinedValuesAndNumbersOthers(int value, String name) {
        assertThat(Orchestrator.name(value)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({"0, KNOWN", "1, UNKNOWN", "2, PAYLOAD_EXCEEDED", "3, OVERSIZED_ITEM", "4, 4", "-1, -1"})
    void pidStatusNames(int status, String name) {
        assertThat(PidLookupStatus.name(status)).isEqualTo(name);
        assertThat(PidLookupStatus.isValid(status)).isEqualTo(!name.equals(Integer.toString(status)));
    }

    @ParameterizedTest
    @CsvSource({"0, KNOWN", "1, UNKNOWN_RETRY_LATER", "2, UNKNOWN_PERMANENT", "3, PAYLOAD_EXCEEDED",
        "4, OVERSIZED_ITEM", "5, 5", "-1, -1"})
    void cgroupLookupStatusNames(int status, String name) {
        assertThat(CgroupLookupStatus.name(status)).isEqualTo(name);
        assertThat(CgroupLookupStatus.isValid(status)).isEqualTo(!name.equals(Integer.toString(status)));
    }

    @ParameterizedTest
    @CsvSource({"0, KNOWN", "1, UNKNOWN_RETRY_LATER", "2, UNKNOWN_PERMANENT", "3, HOST_ROOT", "4, 4", "-1, -1"})
    void appsCgroupStatusNames(int status, String name) {
        assertThat(AppsCgroupStatus.name(status)).isEqualTo(name);
        assertThat(AppsCgroupStatus.isValid(status)).isEqualTo(!name.equals(Integer.toString(status)));
    }

    @Test
    void labelOfEncodesUtf8AndRejectsNulls() {
        assertThat(LookupLabel.of("k\u00e9y", "")).isEqualTo(new LookupLabel(ByteString.utf8("k\u00e9y"),
                ByteString.EMPTY));
        assertThatThrownBy(() -> new LookupLabel(null, ByteString.EMPTY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LookupLabel(ByteString.EMPTY, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void cgroupsItemCopiesLabelsAndRejectsNulls() {
        List<LookupLabel> labels = new ArrayList<>(LABELS);
        CgroupsLookupItem item = new CgroupsLookupItem(0, 0, utf8("/p"), ByteString.EMPTY, labels);
        labels.clear();

        assertThat(item.labels()).isEqualTo(LABELS);
        assertThatThrownBy(() -> new CgroupsLookupItem(0, 0, null, ByteString.EMPTY, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CgroupsLookupItem(0, 0, utf8("/p"), null, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, WireBytes.U32_MAX + 1})
    void appsItemRejectsNumericFieldsOutsideU32(long outOfRange) {
        ByteString none = ByteString.EMPTY;
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, outOfRange, 0, 0, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, 0, outOfRange, 0, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, 0, 0, outOfRange, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appsItemRejectsU16FieldsOutOfRangeAndNulls() {
        ByteString none = ByteString.EMPTY;
        assertThatThrownBy(() -> new AppsLookupItem(-1, 0, 0, 0, 0, 0, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0x1_0000, 0, 0, 0, 0, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, -1, 0, 0, 0, 0, none, none, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, 0, 0, 0, 0, null, none, none, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, 0, 0, 0, 0, none, null, none, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AppsLookupItem(0, 0, 0, 0, 0, 0, 0, none, none, null, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void responsesCopyTheirItemLists() {
        List<CgroupsLookupItem> cgroups = new ArrayList<>(CG_ITEMS);
        List<AppsLookupItem> apps = new ArrayList<>(APPS_ITEMS);
        CgroupsLookupResponse cgroupsResponse = new CgroupsLookupResponse(GENERATION, cgroups);
        AppsLookupResponse appsResponse = new AppsLookupResponse(GENERATION, apps);
        cgroups.clear();
        apps.clear();

        assertThat(cgroupsResponse.items()).isEqualTo(CG_ITEMS);
        assertThat(appsResponse.items()).isEqualTo(APPS_ITEMS);
    }
}
