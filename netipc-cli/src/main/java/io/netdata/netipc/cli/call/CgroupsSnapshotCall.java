package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.cli.decode.format.CgroupsSnapshotResponseFormatter;
import io.netdata.netipc.cli.decode.format.StringFormat;
import io.netdata.netipc.cli.table.EscapedBytes;
import io.netdata.netipc.cli.table.TextTable;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.core.JsonGenerator;

/** {@code netipc call cgroups-snapshot}. Thread-safety: one instance per execution. */
@Command(name = "cgroups-snapshot", mixinStandardHelpOptions = true,
        description = "Ask for the provider's cgroups snapshot.",
        footer = {"%nExample:", "  netipc call cgroups-snapshot --run-dir /run/netdata \\",
            "      --service cgroups-snapshot --json"})
final class CgroupsSnapshotCall extends CallSubcommand {
    @Override
    void callText(ClientConfig config, PrintWriter out) throws ServiceException {
        try (CgroupsSnapshotClient client = CgroupsSnapshotClient.create(config)) {
            ServiceConnections.connect(client, config.endpoint());
            CgroupsSnapshotResponseView view = client.call();
            TextTable table = new TextTable("NAME", "PATH", "HASH", "ENABLED", "OPTIONS");
            CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                table.add(EscapedBytes.of(item.name()), EscapedBytes.of(item.path()), Long.toString(item.hash()),
                        Long.toString(item.enabled()), "0x" + Long.toHexString(item.options()));
            }
            table.print(out);
            out.println(view.itemCount() + " cgroups, generation " + Long.toUnsignedString(view.generation())
                    + ", systemd " + (view.systemdEnabled() != 0 ? "enabled" : "disabled"));
        }
    }

    @Override
    void callJson(ClientConfig config, JsonGenerator json) throws ServiceException {
        try (CgroupsSnapshotClient client = CgroupsSnapshotClient.create(config)) {
            ServiceConnections.connect(client, config.endpoint());
            new CgroupsSnapshotResponseFormatter().write(json, StringFormat.TEXT_AND_HEX, client.call());
        }
    }
}
