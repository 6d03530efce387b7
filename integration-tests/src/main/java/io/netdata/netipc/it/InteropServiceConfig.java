package io.netdata.netipc.it;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values every {@code interop_service} and {@code interop_cache} fixture
 * uses, in every language: the auth token, the payload and batch limits of
 * each mode, the profile choice from {@code NIPC_PROFILE} and the item count
 * of the lookup-scale modes from {@code NIPC_LOOKUP_SCALE_ITEMS}.
 *
 * <p>Thread-safety: immutable.
 */
final class InteropServiceConfig {
    static final long AUTH_TOKEN = 0xDEADBEEFCAFEBABEL;
    static final long RESPONSE_PAYLOAD_BYTES = 65_536;
    static final long SNAPSHOT_REQUEST_PAYLOAD_BYTES = 4096;
    static final long SNAPSHOT_BATCH_ITEMS = 16;
    static final long CACHE_BATCH_ITEMS = 1;
    static final long LOOKUP_REQUEST_PAYLOAD_BYTES = 8192;
    static final long LOOKUP_BATCH_ITEMS = 16;
    static final Duration LOOKUP_CALL_TIMEOUT = Duration.ofMillis(120_000);
    static final long LOOKUP_SUBCALLS = 4096;
    static final long LOOKUP_RESPONSE_BYTES = 64L * 1024 * 1024;
    static final int LOOKUP_SCALE_ITEMS_DEFAULT = 8192;
    static final int LOOKUP_SCALE_ITEMS_MAX = 65_536;
    static final int MIXED_ITEMS = 5;
    /** Sessions the lookup-scale servers serve at once; the mixed and snapshot servers serve fewer. */
    static final int SCALE_SESSIONS = 8;
    static final int MIXED_SESSIONS = 2;
    static final int SNAPSHOT_SESSIONS = 1;
    /** A client tries to become READY this many times, this far apart, before it gives up. */
    static final int READY_ATTEMPTS = 200;
    static final Duration READY_RETRY_INTERVAL = Duration.ofMillis(10);

    static final String PROFILE_VARIABLE = "NIPC_PROFILE";
    static final String PROFILE_SHM = "shm";
    static final String SCALE_ITEMS_VARIABLE = "NIPC_LOOKUP_SCALE_ITEMS";
    /** What {@code strtoul} reads whole: optional white space and plus sign, then digits. */
    private static final Pattern UNSIGNED_DECIMAL = Pattern.compile("\\s*\\+?([0-9]+)");
    /** Digits of the largest accepted count, so that longer numbers are out of range without parsing. */
    private static final int MAX_ITEMS_DIGITS = Integer.toString(LOOKUP_SCALE_ITEMS_MAX).length();

    private final Map<String, String> environment;

    InteropServiceConfig(Map<String, String> environment) {
        this.environment = environment;
    }

    /** SHM_HYBRID and the baseline when {@code NIPC_PROFILE=shm}, else the baseline only. */
    long profiles() {
        return PROFILE_SHM.equals(environment.get(PROFILE_VARIABLE))
                ? Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_BASELINE : Wire.PROFILE_BASELINE;
    }

    /**
     * The lookup-scale item count: {@code NIPC_LOOKUP_SCALE_ITEMS} when it is
     * 1..65536, else 8192. Read as the reference's {@code strtoul} does: leading
     * white space and a {@code +} sign allowed, any number of leading zeros.
     */
    int lookupScaleItems() {
        String value = environment.get(SCALE_ITEMS_VARIABLE);
        if (value == null) {
            return LOOKUP_SCALE_ITEMS_DEFAULT;
        }
        Matcher number = UNSIGNED_DECIMAL.matcher(value);
        if (!number.matches()) {
            return LOOKUP_SCALE_ITEMS_DEFAULT;
        }
        String digits = number.group(1).replaceFirst("^0+(?=.)", "");
        if (digits.length() > MAX_ITEMS_DIGITS) {
            return LOOKUP_SCALE_ITEMS_DEFAULT;
        }
        int items = Integer.parseInt(digits);
        return items >= 1 && items <= LOOKUP_SCALE_ITEMS_MAX ? items : LOOKUP_SCALE_ITEMS_DEFAULT;
    }

    /** The snapshot server of {@code interop_service server}. */
    ServerConfig snapshotServer(Path runDir, String service) {
        return ServerConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .preferredProfiles(profiles()).maxRequestPayloadBytes(SNAPSHOT_REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES).maxSessions(SNAPSHOT_SESSIONS).build();
    }

    /** The snapshot server of {@code interop_cache server}: SHM supported, not preferred. */
    ServerConfig cacheServer(Path runDir, String service) {
        return ServerConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .maxRequestPayloadBytes(SNAPSHOT_REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES).maxSessions(SNAPSHOT_SESSIONS).build();
    }

    ServerConfig lookupServer(Path runDir, String service, int sessions) {
        return ServerConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .preferredProfiles(profiles()).maxRequestPayloadBytes(LOOKUP_REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES).maxSessions(sessions).build();
    }

    ClientConfig snapshotClient(Path runDir, String service) {
        return ClientConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .preferredProfiles(profiles()).maxRequestBatchItems(SNAPSHOT_BATCH_ITEMS)
                .maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES).build();
    }

    ClientConfig cacheClient(Path runDir, String service) {
        return ClientConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .maxRequestBatchItems(CACHE_BATCH_ITEMS).maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES).build();
    }

    ClientConfig lookupClient(Path runDir, String service, int items) {
        return ClientConfig.builder(runDir, service).authToken(AUTH_TOKEN).supportedProfiles(profiles())
                .preferredProfiles(profiles()).maxRequestPayloadBytes(LOOKUP_REQUEST_PAYLOAD_BYTES)
                .maxRequestBatchItems(LOOKUP_BATCH_ITEMS).maxResponsePayloadBytes(RESPONSE_PAYLOAD_BYTES)
                .callTimeout(LOOKUP_CALL_TIMEOUT).maxLookupItems(items).maxLookupSubcalls(LOOKUP_SUBCALLS)
                .maxLookupResponseBytes(LOOKUP_RESPONSE_BYTES).build();
    }
}
