package io.netdata.netipc.cli;

import io.netdata.netipc.cli.call.CallCommand;
import io.netdata.netipc.cli.decode.DecodeCommand;
import io.netdata.netipc.cli.serve.ServeCommand;
import io.netdata.netipc.cli.status.StatusCommand;
import io.netdata.netipc.cli.watch.WatchCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;

/**
 * The {@code netipc} command-line tool: a picocli command whose subcommands do
 * the work: {@code decode}, {@code call}, {@code serve}, {@code watch} and
 * {@code status}.
 *
 * <p>Standard output and standard error are UTF-8 whatever the platform's
 * default charset. Exit codes are those of {@link ExitCodes}.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(name = "netipc",
        description = "Tools for Netdata's netipc IPC protocol.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DecodeCommand.class, CallCommand.class, ServeCommand.class, WatchCommand.class,
            StatusCommand.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Run 'netipc COMMAND --help' for the options of a command.", "",
            "Examples:",
            "  netipc serve cgroups-snapshot --run-dir /tmp/run --service cgroups-snapshot",
            "  netipc call cgroups-snapshot --run-dir /tmp/run --service cgroups-snapshot",
            "  netipc status --run-dir /tmp/run"})
public final class NetIpcCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final InputStream stdin;
    private final Map<String, String> environment;

    /** A command that reads standard input from {@link System#in} and the process environment. */
    public NetIpcCli() {
        this(System.in, System.getenv());
    }

    /** A command that reads standard input from {@code stdin} (for tests and embedding). */
    public NetIpcCli(InputStream stdin) {
        this(stdin, System.getenv());
    }

    /** A command with its own standard input and environment (for tests and embedding). */
    public NetIpcCli(InputStream stdin, Map<String, String> environment) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.environment = Map.copyOf(environment);
    }

    /** The environment the command reads ({@code NETIPC_AUTH_TOKEN}, say). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The environment of the {@code netipc} command that {@code spec} belongs to. */
    public static Map<String, String> environment(CommandSpec spec) {
        return ((NetIpcCli) spec.root().userObject()).environment();
    }

    /** What subcommands read when told to read standard input. */
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    /**
     * A configured command line: one-line usage errors (exit {@link ExitCodes#USAGE})
     * and no stack traces. Callers set its output and error writers.
     */
    public static CommandLine newCommandLine(InputStream stdin) {
        return newCommandLine(new NetIpcCli(stdin));
    }

    /** {@link #newCommandLine(InputStream)} for a command built by the caller. */
    public static CommandLine newCommandLine(NetIpcCli command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new InternalErrorHandler());
        commandLine.setExecutionStrategy(parseResult -> executeWithCliLogging(commandLine, parseResult));
        return commandLine;
    }

    /**
     * Runs the command that was parsed with the library's log records turned
     * into one-line diagnostics on its standard error ({@link CliLogging}).
     */
    private static int executeWithCliLogging(CommandLine commandLine, ParseResult parseResult) {
        ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        try (CliLogging logging = CliLogging.install(commandLine.getErr(), command.commandSpec().qualifiedName(),
                InternalErrorHandler.debugRequested(parseResult))) {
            return new RunLast().execute(parseResult);
        }
    }

    public static void main(String[] args) {
        PrintWriter out = utf8Writer(new FileOutputStream(FileDescriptor.out), false);
        PrintWriter err = utf8Writer(new FileOutputStream(FileDescriptor.err), true);
        CommandLine commandLine = newCommandLine(System.in);
        commandLine.setOut(out);
        commandLine.setErr(err);
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    private static PrintWriter utf8Writer(OutputStream stream, boolean autoFlush) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), autoFlush);
    }
}
