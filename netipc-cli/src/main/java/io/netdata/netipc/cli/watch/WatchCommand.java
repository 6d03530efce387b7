package io.netdata.netipc.cli.watch;

import io.netdata.netipc.cli.common.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code netipc watch cgroups-snapshot}: a Level 3 cache refreshed on an interval.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(mixinStandardHelpOptions = true, name = "watch",
        description = "Keep a client-side cache of a service and print its state after every refresh.",
        synopsisSubcommandLabel = "KIND",
        subcommands = {WatchCgroupsSnapshot.class},
        commandListHeading = "%nKinds:%n",
        footerHeading = "%n",
        footer = {"Example:",
            "  netipc watch cgroups-snapshot --run-dir /tmp/run --service cgroups-snapshot \\",
            "      --interval 500"})
public final class WatchCommand extends CommandGroup {
}
