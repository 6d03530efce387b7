package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lookup-method-bench}: the reference's scenario names, and answers checked beyond their count. */
class LookupMethodTest {
    /** The names the reference's runner and report generator use. */
    static final List<String> REFERENCE_SCENARIOS = List.of("cgroups-lookup-known-16", "cgroups-lookup-unknown-16",
            "cgroups-lookup-mixed-16", "cgroups-lookup-mixed-256", "cgroups-lookup-known-8192",
            "cgroups-lookup-known-32768", "apps-lookup-known-16", "apps-lookup-unknown-16", "apps-lookup-mixed-16",
            "apps-lookup-mixed-256", "apps-lookup-known-8192", "apps-lookup-known-32768");

    @TempDir
    Path dir;

    @Test
    void everyReferenceScenarioParses() {
        for (String name : REFERENCE_SCENARIOS) {
            LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse(name);
            assertThat(scenario).as(name).isNotNull();
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(scenario.apps()).isEqualTo(name.startsWith("apps-"));
            assertThat(name).endsWith("-" + scenario.items());
            assertThat(name).contains("-" + scenario.variant().name().toLowerCase(Locale.ROOT) + "-");
        }
    }

    @Test
    void theReferencesLooserFormsParseAsThere() {
        assertThat(LookupBenches.MethodScenario.parse("cgroups-lookup-known-1").items()).isEqualTo(1);
        assertThat(LookupBenches.MethodScenario.parse("cgroups-lookup-known- 16").items()).isEqualTo(16);
        assertThat(LookupBenches.MethodScenario.parse("cgroups-lookup-known-+16").items()).isEqualTo(16);
        assertThat(LookupBenches.MethodScenario.parse("apps-lookup-unknown-016").items()).isEqualTo(16);
        assertThat(LookupBenches.MethodScenario.parse("cgroups-lookup-x-mixed-y-256").variant())
                .isEqualTo(LookupBenches.Variant.MIXED);
        // The old made-up names still parse: "-mixed-" is in them.
        assertThat(LookupBenches.MethodScenario.parse("cgroups-lookup-method-mixed-16").variant())
                .isEqualTo(LookupBenches.Variant.MIXED);
        // -known- is looked for before -unknown- and -mixed-.
        assertThat(LookupBenches.MethodScenario.parse("apps-lookup-mixed-known-16").variant())
                .isEqualTo(LookupBenches.Variant.KNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cgroups-lookup-16", "cgroups-lookup-known-", "cgroups-lookup-known-0",
        "cgroups-lookup-known-17", "cgroups-lookup-known-16x", "cgroups-lookup-known-0x10",
        "cgroups-lookup-known-65536", "cgroups-lookup-known-4294967312", "cgroups-lookup-known-18446744073709551632",
        "cgroups-lookup-known-+", "cgroups-lookup-known- ", "cgroups-lookup-known-16 ", "apps-lookupknown-16",
        "Cgroups-lookup-known-16", "lookup-known-16", "cgroups-lookup-KNOWN-16", "cgroups-lookup-known_16",
        "cgroups-lookup-known-\u0661\u0666"})
    void whatTheReferenceRefusesIsRefused(String name) {
        assertThat(LookupBenches.MethodScenario.parse(name)).isNull();
    }

    /** Every reference scenario's handler answers as expected: a warm-up call, then a checked measured one. */
    @Test
    void everyReferenceScenarioAnswersCorrectly() throws Exception {
        for (String name : REFERENCE_SCENARIOS) {
            BenchClients.Exchange exchange = LookupBenches.methodExchange(LookupBenches.MethodScenario.parse(name));
            assertThat(exchange.run()).as(name).isEqualTo(1);
            assertThat(exchange.run()).as(name).isEqualTo(1);
            exchange.startMeasuring();
            assertThat(exchange.run()).as(name).isEqualTo(1);
        }
    }

    @Test
    void aResponseThatRanOutOfRoomFails() {
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse("cgroups-lookup-known-256");
        // Room for every item as PAYLOAD_EXCEEDED, not for every answer.
        BenchClients.Exchange exchange = LookupBenches.cgroupsExchange(scenario, 24 * 1024,
                LookupBenches.cgroupsHandler(scenario.variant()));
        assertThatThrownBy(exchange::run).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("ran out of room");
    }

    @Test
    void aWrongStatusFailsOnEveryCallNotOnlyTheFirst() throws Exception {
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse("cgroups-lookup-mixed-16");
        int[] calls = {0};
        BenchClients.Exchange exchange = LookupBenches.cgroupsExchange(scenario,
                LookupBenches.methodBufferBytes(scenario), (request, response) -> {
                    calls[0]++;
                    for (int i = 0; i < request.itemCount(); i++) {
                        int status = calls[0] > 2 && i == 5 ? CgroupLookupStatus.UNKNOWN_PERMANENT
                                : i % 2 == 0 ? CgroupLookupStatus.KNOWN : CgroupLookupStatus.UNKNOWN_RETRY_LATER;
                        boolean known = status == CgroupLookupStatus.KNOWN;
                        response.addRequestItem(request, i, status, known ? Orchestrator.K8S : 0,
                                known ? ByteString.utf8("bench-pod") : ByteString.EMPTY,
                                known ? List.of(LookupLabel.of("namespace", "bench"),
                                        LookupLabel.of("image", "bench:latest")) : List.of());
                    }
                });
        exchange.run();
        exchange.run();
        assertThatThrownBy(exchange::run).isInstanceOf(BenchClients.WrongAnswer.class)
                .hasMessageContaining("item 5 status UNKNOWN_PERMANENT");
    }

    @Test
    void aWrongFieldFailsTheFullyCheckedCalls() {
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse("apps-lookup-known-16");
        BenchClients.Exchange exchange = LookupBenches.appsExchange(scenario, LookupBenches.methodBufferBytes(
                scenario), (request, response) -> {
                    for (int i = 0; i < request.itemCount(); i++) {
                        AppsLookupItem good = LookupBenches.expectedAppsItem(scenario.variant(), i);
                        response.add(good.status(), good.cgroupStatus(), good.orchestrator(), good.pid(),
                                good.ppid(), good.uid() + 1, good.starttime(), good.comm(), good.cgroupPath(),
                                good.cgroupName(), good.labels());
                    }
                });
        assertThatThrownBy(exchange::run).isInstanceOf(BenchClients.WrongAnswer.class).hasMessageContaining("item 0");
    }

    @Test
    void aWrongFieldAfterTheWarmUpIsCaughtByTheFirstMeasuredCall() throws Exception {
        LookupBenches.MethodScenario scenario = LookupBenches.MethodScenario.parse("apps-lookup-known-16");
        int[] calls = {0};
        BenchClients.Exchange exchange = LookupBenches.appsExchange(scenario, LookupBenches.methodBufferBytes(
                scenario), (request, response) -> {
                    // Right on the first (fully checked) warm-up call, a wrong uid from then on.
                    long uidError = calls[0]++ == 0 ? 0 : 1;
                    for (int i = 0; i < request.itemCount(); i++) {
                        AppsLookupItem good = LookupBenches.expectedAppsItem(scenario.variant(), i);
                        response.add(good.status(), good.cgroupStatus(), good.orchestrator(), good.pid(),
                                good.ppid(), good.uid() + uidError, good.starttime(), good.comm(),
                                good.cgroupPath(), good.cgroupName(), good.labels());
                    }
                });
        exchange.run();
        exchange.run();
        exchange.startMeasuring();
        assertThatThrownBy(exchange::run).isInstanceOf(BenchClients.WrongAnswer.class).hasMessageContaining("item 0");
    }

    /**
     * The bench dispatches inline; the same handlers behind a real server (the production dispatcher)
     * answer exactly what the bench expects.
     */
    @Test
    void theBenchHandlersAnswerTheSameThroughAServer() throws Exception {
        LookupBenches.Variant variant = LookupBenches.Variant.MIXED;
        int items = 16;
        List<ByteString> paths = new ArrayList<>();
        long[] pids = new long[items];
        for (int i = 0; i < items; i++) {
            paths.add(ByteString.utf8(BenchConstants.lookupMethodPath(i)));
            pids[i] = BenchConstants.LOOKUP_METHOD_FIRST_PID + i;
        }
        try (ManagedServer cgroups = ManagedServer.cgroupsLookup(ServerConfig.builder(dir, "cg")
                .authToken(BenchConstants.AUTH_TOKEN).build(), LookupBenches.cgroupsHandler(variant));
                ManagedServer apps = ManagedServer.appsLookup(ServerConfig.builder(dir, "apps")
                        .authToken(BenchConstants.AUTH_TOKEN).build(), LookupBenches.appsHandler(variant));
                CgroupsLookupClient cgroupsClient = CgroupsLookupClient.create(ClientConfig.builder(dir, "cg")
                        .authToken(BenchConstants.AUTH_TOKEN).build());
                AppsLookupClient appsClient = AppsLookupClient.create(ClientConfig.builder(dir, "apps")
                        .authToken(BenchConstants.AUTH_TOKEN).build())) {
            cgroupsClient.refresh();
            appsClient.refresh();
            List<CgroupsLookupItem> cgroupsAnswer = cgroupsClient.call(paths).toOwned().items();
            List<AppsLookupItem> appsAnswer = appsClient.call(pids).toOwned().items();
            for (int i = 0; i < items; i++) {
                assertThat(cgroupsAnswer.get(i)).isEqualTo(LookupBenches.expectedCgroupsItem(variant, i));
                assertThat(appsAnswer.get(i)).isEqualTo(LookupBenches.expectedAppsItem(variant, i));
            }
        }
    }
}
