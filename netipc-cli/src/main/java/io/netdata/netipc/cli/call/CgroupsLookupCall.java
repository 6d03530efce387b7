package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.cli.decode.format.CgroupsLookupResponseFormatter;
import io.netdata.netipc.cli.decode.format.StringFormat;
import io.netdata.netipc.cli.table.TextTable;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.service.client.CgroupsLookupClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonGenerator;

/** {@code netipc call cgroups-lookup --path P...}. Thread-safety: one instance per execution. */
@Command(name = "cgroups-lookup", mixinStandardHelpOptions = true,
        description = "Look cgroup paths up: name, orchestrator and labels of each.",
        footer = {"%nExample:", "  netipc call cgroups-lookup --run-dir /tmp/run --service cgl \\",
            "      --path /system.slice/ssh.service --path /user.slice"})
final class CgroupsLookupCall extends CallSubcommand {
    private static final String[] STATUS_NAMES = {"known", "retry-later", "unknown", "payload-exceeded",
        "oversized"};

    @Option(names = "--path", required = true, paramLabel = "P", description = "A cgroup path; repeatable.")
    List<String> paths;

    private CgroupsLookupResponseView answer(CgroupsLookupClient client, ClientConfig config)
            throws ServiceException {
        ServiceConnections.connect(client, config.endpoint());
        return client.call(paths.stream().map(ByteString::utf8).toList());
    }

    @Override
    void callText(ClientConfig config, PrintWriter out) throws ServiceException {
        try (CgroupsLookupClient client = CgroupsLookupClient.create(config)) {
            CgroupsLookupResponseView view = answer(client, config);
            TextTable table = new TextTable("PATH", "STATUS", "NAME", "ORCHESTRATOR", "LABELS");
            CgroupsLookupItemView item = new CgroupsLookupItemView();
            LookupLabelView label = new LookupLabelView();
            int known = 0;
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                known += item.status() == CgroupLookupStatus.KNOWN ? 1 : 0;
                table.add(item.path().asString(), status(item.status()), LookupCells.orNone(item.name().asString()),
                        LookupCells.orchestrator(item.orchestrator()),
                        LookupCells.labels(item.labelCount(), index -> item.label(index, label)));
            }
            table.print(out);
            out.println(view.itemCount() + " paths, " + known + " known, generation "
                    + Long.toUnsignedString(view.generation()));
        }
    }

    @Override
    void callJson(ClientConfig config, JsonGenerator json) throws ServiceException {
        try (CgroupsLookupClient client = CgroupsLookupClient.create(config)) {
            new CgroupsLookupResponseFormatter().write(json, StringFormat.TEXT, answer(client, config));
        }
    }

    private static String status(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
    }
}
