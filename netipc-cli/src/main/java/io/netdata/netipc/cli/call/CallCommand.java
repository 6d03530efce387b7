package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.common.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code netipc call KIND}: one typed call to a running service, printed as a
 * table (or JSON with {@code --json}).
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(mixinStandardHelpOptions = true, name = "call",
        description = "Call a running netipc service once and print its answer.",
        synopsisSubcommandLabel = "KIND",
        subcommands = {IncrementCall.class, StringReverseCall.class, CgroupsSnapshotCall.class,
            CgroupsLookupCall.class, AppsLookupCall.class},
        commandListHeading = "%nKinds:%n",
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 other failure, 2 bad command line, 3 service not found,",
            "  4 auth failed, 5 incompatible, 6 timeout.", "",
            "Example:", "  netipc call cgroups-snapshot --run-dir /run/netdata --service cgroups-snapshot"})
public final class CallCommand extends CommandGroup {
}
