package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.common.ServiceConnections;
import io.netdata.netipc.cli.decode.format.CgroupsLookupResponseFormatter;
import io.netdata.netipc.cli.decode.format.StringFormat;
import io.netdata.netipc.cli.table.EscapedBytes;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.JsonGenerator;

/**
 * {@code netipc call cgroups-lookup --path P... --path-hex HEX...}.
 *
 * <p>A path is bytes and need not be UTF-8, but the JVM hands the command line
 * over as text it decoded with the locale's charset (under {@code LANG=C} every
 * non-ASCII byte is lost): {@code --path-hex} gives a path's exact bytes.
 * {@code --path} cannot take escapes instead, because cgroup names hold
 * literal backslashes (systemd's {@code \x2d}). Both options may be mixed; the
 * paths are asked for, and answered, in the order given.
 *
 * <p>Thread-safety: one instance per execution.
 */
@Command(name = "cgroups-lookup", mixinStandardHelpOptions = true,
        description = "Look cgroup paths up: name, orchestrator and labels of each.",
        footer = {"%nExample:", "  netipc call cgroups-lookup --run-dir /tmp/run --service cgl \\",
            "      --path /system.slice/ssh.service --path /user.slice --path-hex 2f78ff"})
final class CgroupsLookupCall extends CallSubcommand {
    private static final String[] STATUS_NAMES = {"known", "retry-later", "unknown", "payload-exceeded",
        "oversized"};

    @ArgGroup(exclusive = true, multiplicity = "1..*")
    List<PathArgument> paths;

    /** One path of the command line: as text, or as the hex of its bytes. */
    static final class PathArgument {
        @Option(names = "--path", required = true, paramLabel = "P",
                description = "A cgroup path, as text (sent as UTF-8); repeatable.")
        String text;

        @Option(names = "--path-hex", required = true, paramLabel = "HEX", converter = HexPath.class,
                description = "A cgroup path as the hex of its exact bytes (2f78ff is /x\\xff), for a path "
                        + "that is not UTF-8 or a locale that cannot spell it; repeatable.")
        ByteString bytes;

        ByteString path() {
            return text != null ? ByteString.utf8(text) : bytes;
        }
    }

    /** Parses {@code --path-hex}: an even number of hex digits, either case. */
    static final class HexPath implements ITypeConverter<ByteString> {
        @Override
        public ByteString convert(String hex) {
            try {
                return ByteString.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + hex + "' is not an even number of hex digits");
            }
        }
    }

    private CgroupsLookupResponseView answer(CgroupsLookupClient client, ClientConfig config)
            throws ServiceException {
        ServiceConnections.connect(client, config.endpoint());
        return client.call(paths.stream().map(PathArgument::path).toList());
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
                table.add(EscapedBytes.of(item.path()), status(item.status()), LookupCells.orNone(item.name()),
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
            new CgroupsLookupResponseFormatter().write(json, StringFormat.TEXT_AND_HEX, answer(client, config));
        }
    }

    private static String status(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
    }
}
