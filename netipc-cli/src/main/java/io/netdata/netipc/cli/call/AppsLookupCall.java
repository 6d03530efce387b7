package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.cli.decode.format.AppsLookupResponseFormatter;
import io.netdata.netipc.cli.decode.format.StringFormat;
import io.netdata.netipc.cli.table.TextTable;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.client.AppsLookupClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonGenerator;

/** {@code netipc call apps-lookup --pid N...}. Thread-safety: one instance per execution. */
@Command(name = "apps-lookup", mixinStandardHelpOptions = true,
        description = "Look processes up: parent, user, command, start time and cgroup of each.",
        footer = {"%nExample:", "  netipc call apps-lookup --run-dir /tmp/run --service apps --pid 1 --pid 4242"})
final class AppsLookupCall extends CallSubcommand {
    private static final String[] STATUS_NAMES = {"known", "unknown", "payload-exceeded", "oversized"};
    private static final String[] CGROUP_STATUS_NAMES = {"known", "retry-later", "unknown", "host-root"};
    private static final long MAX_PID = 0xFFFF_FFFFL;

    @Option(names = "--pid", required = true, paramLabel = "N", description = "A process id; repeatable.")
    List<Long> pids;

    private AppsLookupResponseView answer(AppsLookupClient client, ClientConfig config) throws ServiceException {
        for (long pid : pids) {
            if (pid < 0 || pid > MAX_PID) {
                throw new CliFailure(ExitCodes.USAGE,
                        "--pid " + pid + " is not an unsigned 32-bit number");
            }
        }
        ServiceConnections.connect(client, config.endpoint());
        return client.call(pids.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    void callText(ClientConfig config, PrintWriter out) throws ServiceException {
        try (AppsLookupClient client = AppsLookupClient.create(config)) {
            AppsLookupResponseView view = answer(client, config);
            TextTable table = new TextTable("PID", "STATUS", "PPID", "UID", "COMM", "STARTTIME", "CGROUP-STATUS",
                    "ORCHESTRATOR", "CGROUP", "CGROUP-NAME", "LABELS");
            AppsLookupItemView item = new AppsLookupItemView();
            LookupLabelView label = new LookupLabelView();
            int known = 0;
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                boolean isKnown = item.status() == PidLookupStatus.KNOWN;
                known += isKnown ? 1 : 0;
                table.add(Long.toString(item.pid()), name(STATUS_NAMES, item.status()),
                        isKnown ? Long.toString(item.ppid()) : "-", isKnown ? Long.toString(item.uid()) : "-",
                        LookupCells.orNone(item.comm()),
                        isKnown ? Long.toUnsignedString(item.starttime()) : "-",
                        isKnown ? name(CGROUP_STATUS_NAMES, item.cgroupStatus()) : "-",
                        LookupCells.orchestrator(item.orchestrator()),
                        LookupCells.orNone(item.cgroupPath()),
                        LookupCells.orNone(item.cgroupName()),
                        LookupCells.labels(item.labelCount(), index -> item.label(index, label)));
            }
            table.print(out);
            out.println(view.itemCount() + " pids, " + known + " known, generation "
                    + Long.toUnsignedString(view.generation()));
        }
    }

    @Override
    void callJson(ClientConfig config, JsonGenerator json) throws ServiceException {
        try (AppsLookupClient client = AppsLookupClient.create(config)) {
            new AppsLookupResponseFormatter().write(json, StringFormat.TEXT_AND_HEX, answer(client, config));
        }
    }

    private static String name(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : Integer.toString(value);
    }
}
