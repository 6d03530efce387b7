package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.service.client.StringReverseClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonGenerator;

/** {@code netipc call string-reverse --text X}. Thread-safety: one instance per execution. */
@Command(name = "string-reverse", mixinStandardHelpOptions = true,
        description = "Send a string (UTF-8); the service answers it reversed.",
        footer = {"%nExample:", "  netipc call string-reverse --run-dir /tmp/run --service rev --text hello"})
final class StringReverseCall extends CallSubcommand {
    @Option(names = "--text", required = true, paramLabel = "X", description = "The string.")
    String text;

    private String answer(ClientConfig config) throws ServiceException {
        try (StringReverseClient client = StringReverseClient.create(config)) {
            ServiceConnections.connect(client, config.endpoint());
            return client.call(text);
        }
    }

    @Override
    void callText(ClientConfig config, PrintWriter out) throws ServiceException {
        out.println(answer(config));
    }

    @Override
    void callJson(ClientConfig config, JsonGenerator json) throws ServiceException {
        String result = answer(config);
        json.writeStartObject();
        json.writeStringProperty("string", result);
        json.writeEndObject();
    }
}
