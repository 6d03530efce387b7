package io.netdata.netipc.cli.common;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.AuthTokens;
import io.netdata.netipc.service.client.ClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that reaches a service shares: where it is, how
 * to authenticate, which profiles to offer. A picocli mixin.
 *
 * <p>The token comes from {@code --auth-token}, else {@code --auth-token-file},
 * else the {@value #TOKEN_VARIABLE} environment variable, else it is 0. It is
 * never printed.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
public final class ServiceOptions {
    /** The environment variable holding a token. */
    public static final String TOKEN_VARIABLE = "NETIPC_AUTH_TOKEN";
    private static final long NO_TOKEN = 0;
    /** A token file holds one number; anything much longer is not one. */
    private static final long MAX_TOKEN_FILE_BYTES = 1024;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR",
            description = "The run directory holding the service's socket (absolute).")
    private Path runDir;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service name.")
    private String service;

    @Option(names = "--auth-token", paramLabel = "TOKEN",
            description = "The authentication token: decimal, or hexadecimal with 0x. "
                    + "Default: --auth-token-file, else $" + TOKEN_VARIABLE + ", else 0.")
    private String authToken;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "A file holding the authentication token.")
    private Path authTokenFile;

    @Option(names = "--profiles", paramLabel = "LIST", defaultValue = "uds",
            description = "Profiles to offer, comma-separated: uds, shm (default: ${DEFAULT-VALUE}).")
    private String profiles;

    public Path runDir() {
        return runDir.toAbsolutePath();
    }

    public String service() {
        return service;
    }

    /** The token, from the first source given (see the class). */
    public long authToken(Map<String, String> environment) {
        try {
            if (authToken != null) {
                return AuthTokens.parse(authToken, "--auth-token");
            }
            if (authTokenFile != null) {
                return AuthTokens.parse(readTokenFile(), authTokenFile.toString());
            }
            String fromEnvironment = environment.get(TOKEN_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return AuthTokens.parse(fromEnvironment, "$" + TOKEN_VARIABLE);
            }
            return NO_TOKEN;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    private String readTokenFile() {
        try {
            if (Files.size(authTokenFile) > MAX_TOKEN_FILE_BYTES) {
                throw new CliFailure(ExitCodes.USAGE, "the auth token file " + authTokenFile + " is too large");
            }
            return Files.readString(authTokenFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read the auth token file " + authTokenFile + ": " + e);
        }
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
