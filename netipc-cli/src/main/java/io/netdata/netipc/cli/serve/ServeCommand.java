package io.netdata.netipc.cli.serve;

import io.netdata.netipc.cli.common.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code netipc serve KIND}: runs a managed server until SIGINT or SIGTERM.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(mixinStandardHelpOptions = true, name = "serve",
        description = "Serve a netipc service from the host's data (or a data file) until interrupted.",
        synopsisSubcommandLabel = "KIND",
        subcommands = {ServeSubcommand.Increment.class, ServeSubcommand.StringReverse.class,
            ServeSubcommand.CgroupsSnapshot.class, ServeSubcommand.CgroupsLookup.class,
            ServeSubcommand.AppsLookup.class},
        commandListHeading = "%nKinds:%n",
        footerHeading = "%n",
        footer = {"Prints READY on standard output once it accepts clients; SIGINT or SIGTERM",
            "stops it and removes its socket and shared-memory files.", "",
            "Example:", "  netipc serve cgroups-snapshot --run-dir /tmp/run --service cgroups-snapshot"})
public final class ServeCommand extends CommandGroup {
}
