package io.lanes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanes} command line: one entry point, one subcommand per job. */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = LanesCli.Version.class,
        description = "Lanes: event streaming that keeps per-key order, on the Kafka protocol.",
        subcommands = {ServerCommand.class, io.lanes.cli.demo.DemoCommand.class, io.lanes.cli.topic.TopicCommand.class,
                io.lanes.cli.group.GroupCommand.class, io.lanes.cli.records.ProduceCommand.class,
                io.lanes.cli.records.ConsumeCommand.class,
                io.lanes.cli.plan.PlanCommand.class, io.lanes.cli.skew.SkewCommand.class,
                io.lanes.cli.lag.LagCommand.class, io.lanes.cli.serve.OpsCommand.class,
                io.lanes.cli.registry.RegistryCommand.class,
                CommandLine.HelpCommand.class})
public final class LanesCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand and the failure handling of operations commands. */
    public static CommandLine commandLine() {
        return new CommandLine(new LanesCli())
                .setExecutionExceptionHandler(new io.lanes.cli.command.FailureHandler())
                .setParameterExceptionHandler(LanesCli::usageError);
    }

    /** Bad usage (unknown option, missing or malformed value): one line naming the command, exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        command.getErr().flush();
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LanesCli.class.getPackage().getImplementationVersion();
            return new String[]{"lanes " + (version == null ? "development build" : version)};
        }
    }
}
