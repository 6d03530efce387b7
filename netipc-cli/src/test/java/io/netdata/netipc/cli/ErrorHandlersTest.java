package io.netdata.netipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A bug in a command is one line on standard error and exit code 70, never a stack trace. */
class ErrorHandlersTest {
    @Command(name = "broken")
    static final class BrokenCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("first line\nsecond line");
        }
    }

    @Test
    void internalErrorIsOneLine() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new BrokenCommand());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(new InternalErrorHandler());

        int exitCode = commandLine.execute();

        assertThat(exitCode).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(err.toString().lines()).containsExactly(
                "broken: internal error: java.lang.IllegalStateException: first line second line");
    }

    @Test
    void foldsMessagesOntoOneLine() {
        assertThat(Messages.oneLine("  a\n  b\r\nc \n")).isEqualTo("a b c");
    }
}
