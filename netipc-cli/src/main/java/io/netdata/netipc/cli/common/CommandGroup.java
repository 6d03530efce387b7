package io.netdata.netipc.cli.common;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups its KIND subcommands: run without one, it is a
 * usage error.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        throw new ParameterException(spec.commandLine(), "missing KIND");
    }
}
