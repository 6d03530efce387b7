package io.netdata.netipc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports what escapes a command as one line on standard error: a
 * {@link CliFailure} with its own exit code, anything else as a bug in the tool
 * (exception class and message) with {@link ExitCodes#INTERNAL_ERROR}. The
 * stack trace follows only when {@code --debug} was given.
 *
 * <p>Thread-safety: stateless.
 */
final class InternalErrorHandler implements IExecutionExceptionHandler {
    static final String DEBUG_OPTION = "--debug";

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        int exitCode;
        if (error instanceof CliFailure failure) {
            err.println(name + ": " + Messages.oneLine(String.valueOf(failure.getMessage())));
            exitCode = failure.exitCode();
        } else {
            err.println(name + ": internal error: " + error.getClass().getName() + ": "
                    + Messages.oneLine(String.valueOf(error.getMessage())));
            exitCode = ExitCodes.INTERNAL_ERROR;
        }
        if (debugRequested(parseResult)) {
            error.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** Whether {@code --debug} was given to the command or to any command on its way. */
    static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
