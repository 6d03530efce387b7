package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.NetIpcCli;
import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.cli.common.ServiceOptions;
import io.netdata.netipc.cli.json.JsonLines;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonGenerator;

/**
 * What every {@code call KIND} shares: the service options, the timeout, the
 * output format, and the mapping of failures to exit codes.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
abstract class CallSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "30000",
            description = "How long to wait for the connection and for the answer, in ms "
                    + "(default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--json", description = "Print the answer as one line of JSON.")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces of failures.")
    boolean debug;

    @Override
    public final Integer call() {
        if (timeoutMillis <= 0) {
            throw new CliFailure(ExitCodes.USAGE, "--timeout must be positive");
        }
        ClientConfig config = service.clientConfig(NetIpcCli.environment(spec), Duration.ofMillis(timeoutMillis));
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (json) {
                try (JsonLines lines = new JsonLines(out)) {
                    callJson(config, lines.generator());
                    lines.endLine();
                }
            } else {
                callText(config, out);
            }
        } catch (ServiceException e) {
            throw ServiceConnections.callFailed(e, config.endpoint());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Calls and prints the answer for people. */
    abstract void callText(ClientConfig config, PrintWriter out) throws ServiceException;

    /** Calls and writes the answer as one JSON value. */
    abstract void callJson(ClientConfig config, JsonGenerator json) throws ServiceException;
}
