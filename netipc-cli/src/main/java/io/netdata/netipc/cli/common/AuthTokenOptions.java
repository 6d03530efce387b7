package io.netdata.netipc.cli.common;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.service.AuthTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command's authentication token comes from: {@code --auth-token},
 * else {@code --auth-token-file}, else the {@value #TOKEN_VARIABLE}
 * environment variable, else it is 0. A picocli mixin, shared by every command
 * that talks to a service ({@link ServiceOptions}) and by {@code status},
 * which talks to all of a run directory's, so that they all read a token the
 * same way. The token is never printed, not even in an error.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
public final class AuthTokenOptions {
    /** The environment variable holding a token. */
    public static final String TOKEN_VARIABLE = "NETIPC_AUTH_TOKEN";
    private static final long NO_TOKEN = 0;
    /** A token file holds one number; anything much longer is not one. */
    private static final long MAX_TOKEN_FILE_BYTES = 1024;

    @Option(names = "--auth-token", paramLabel = "TOKEN",
            description = "The authentication token: decimal, or hexadecimal with 0x. "
                    + "Default: --auth-token-file, else $" + TOKEN_VARIABLE + ", else 0.")
    private String authToken;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "A file holding the authentication token.")
    private Path authTokenFile;

    /**
     * The token, from the first source given (see the class).
     *
     * @throws CliFailure USAGE when the token is not a number or its file cannot be read
     */
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
}
