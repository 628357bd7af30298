package io.pcapflow.cli;

import io.pcapflow.cli.command.FlowsCommand;
import io.pcapflow.cli.command.InfoCommand;
import io.pcapflow.cli.command.LadderCommand;
import io.pcapflow.cli.command.PacketsCommand;
import io.pcapflow.cli.console.Console;
import io.pcapflow.cli.console.ExitCode;
import io.pcapflow.cli.console.Output;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Entry point: {@code pcapflow <command> ...}. */
@Command(name = "pcapflow", mixinStandardHelpOptions = true, version = "pcapflow 0.1.0",
    description = "Fast TCP flow analysis of packet captures.",
    footer = {"", "Exit status: 0 ok, 1 an input could not be read, 2 bad usage, 3 an input was damaged",
        "(results cover the records before the damage)."})
public final class Main implements Runnable {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * Builds the command line over a console, for the launcher and for tests.
     *
     * @param console where commands write
     * @return the configured picocli command line
     */
    public static CommandLine commandLine(final Console console) {
        final CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("info", new InfoCommand(console));
        cl.addSubcommand("packets", new PacketsCommand(console));
        cl.addSubcommand("flows", new FlowsCommand(console));
        cl.addSubcommand("ladder", new LadderCommand(console));
        cl.addSubcommand("trace", new io.pcapflow.cli.command.TraceCommand(console));
        cl.addSubcommand("nat", new io.pcapflow.cli.command.NatCommand(console));
        cl.addSubcommand("conntrack", new io.pcapflow.cli.command.ConntrackCommand(console));
        cl.setErr(console.err());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof Output.BrokenPipe) {
                return ExitCode.OK;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * Runs a command and exits with its status.
     *
     * @param args command line
     */
    public static void main(final String[] args) {
        final Console console = Console.system();
        int code;
        try {
            code = commandLine(console).execute(args);
            console.out().flush();
        } catch (Output.BrokenPipe e) {
            code = ExitCode.OK;
        }
        System.exit(code);
    }
}
