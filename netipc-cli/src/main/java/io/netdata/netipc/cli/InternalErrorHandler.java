package io.netdata.netipc.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Last line of defence: an exception escaping a command is a bug in the tool.
 * It is reported as one line on standard error (exception class and message,
 * no stack trace) with {@link ExitCodes#INTERNAL_ERROR}.
 *
 * <p>Thread-safety: stateless.
 */
final class InternalErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": internal error: " + error.getClass().getName() + ": "
                + Messages.oneLine(String.valueOf(error.getMessage())));
        command.getErr().flush();
        return ExitCodes.INTERNAL_ERROR;
    }
}
