package io.netdata.netipc.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Reports a command-line error as one line on standard error, naming the
 * command and where to find its help, and exits with {@link ExitCodes#USAGE}.
 * No usage dump and no stack trace.
 *
 * <p>Thread-safety: stateless.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + Messages.oneLine(error.getMessage()) + " (see '" + name + " --help')");
        command.getErr().flush();
        return ExitCodes.USAGE;
    }
}
