package io.netdata.netipc.cli.common;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.client.ClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that reaches a service shares: where it is, how
 * to authenticate, which profiles to offer. A picocli mixin.
 *
 * <p>The token comes from {@code --auth-token}, else {@code --auth-token-file},
 * else the {@code NETIPC_AUTH_TOKEN} environment variable, else it is 0
 * ({@link AuthTokenOptions}). It is never printed.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
public final class ServiceOptions {
    @Option(names = "--run-dir", required = true, paramLabel = "DIR",
            description = "The run directory holding the service's socket (absolute).")
    private Path runDir;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service name.")
    private String service;

    @Mixin
    private AuthTokenOptions token;

    @Option(names = "--profiles", paramLabel = "LIST", defaultValue = "uds",
            description = "Profiles to offer, comma-separated: uds, shm (default: ${DEFAULT-VALUE}).")
    private String profiles;

    public Path runDir() {
        return runDir.toAbsolutePath();
    }

    public String service() {
        return service;
    }

    /** The token, from the first source given (see {@link AuthTokenOptions}). */
    public long authToken(Map<String, String> environment) {
        return token.authToken(environment);
    }

    /** The profile bits to offer (all of them are also preferred, SHM first as the library does). */
    public long profiles() {
        try {
            return Profiles.parse(profiles);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /**
     * A client configuration for this endpoint, token and profiles, with
     * {@code timeout} for the handshake and the calls.
     *
     * @throws CliFailure USAGE for a bad token, profile list or endpoint
     */
    public ClientConfig clientConfig(Map<String, String> environment, Duration timeout) {
        try {
            long offered = profiles();
            return ClientConfig.builder(runDir(), service).authToken(authToken(environment))
                    .supportedProfiles(offered).preferredProfiles(offered)
                    .callTimeout(timeout).handshakeTimeout(timeout).build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** True when shared memory is among the profiles. */
    public boolean offersSharedMemory() {
        return (profiles() & Wire.PROFILE_SHM_HYBRID) != 0;
    }
}
