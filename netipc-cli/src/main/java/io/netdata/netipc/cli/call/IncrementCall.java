package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonGenerator;

/** {@code netipc call increment --value N}. Thread-safety: one instance per execution. */
@Command(name = "increment", mixinStandardHelpOptions = true,
        description = "Send a number; the service answers it plus one (unsigned 64-bit, wrapping).",
        footer = {"%nExample:", "  netipc call increment --run-dir /tmp/run --service inc --value 41"})
final class IncrementCall extends CallSubcommand {
    @Option(names = "--value", required = true, paramLabel = "N",
            description = "The value, unsigned 64-bit decimal (a negative value is taken as its two's complement).")
    String value;

    private long answer(ClientConfig config) throws ServiceException {
        long request = parseValue();
        try (IncrementClient client = IncrementClient.create(config)) {
            ServiceConnections.connect(client, config.endpoint());
            return client.call(request);
        }
    }

    private long parseValue() {
        try {
            return value.startsWith("-") ? Long.parseLong(value) : Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new CliFailure(ExitCodes.USAGE, "--value '" + value + "' is not a 64-bit integer");
        }
    }

    @Override
    void callText(ClientConfig config, PrintWriter out) throws ServiceException {
        out.println(Long.toUnsignedString(answer(config)));
    }

    @Override
    void callJson(ClientConfig config, JsonGenerator json) throws ServiceException {
        long result = answer(config);
        json.writeStartObject();
        json.writeStringProperty("value", Long.toUnsignedString(result));
        json.writeEndObject();
    }
}
