package io.netdata.netipc.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import org.junit.jupiter.api.Test;

class ServiceKindTest {
    @Test
    void labelsAreTheSpecificationsKindNames() {
        assertThat(ServiceKind.values()).extracting(ServiceKind::label).containsExactly("increment",
                "string-reverse", "cgroups-snapshot", "cgroups-lookup", "apps-lookup");
    }

    @Test
    void onlyIncrementAndStringReverseTravelInBatches() {
        assertThat(ServiceKind.INCREMENT.batchable()).isTrue();
        assertThat(ServiceKind.STRING_REVERSE.batchable()).isTrue();
        assertThat(ServiceKind.CGROUPS_SNAPSHOT.batchable()).isFalse();
        assertThat(ServiceKind.APPS_LOOKUP.methodCode()).isEqualTo(Wire.METHOD_APPS_LOOKUP);
    }
}
