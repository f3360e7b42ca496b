package io.lanes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanes} command line: one entry point, one subcommand per job. */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = LanesCli.Version.class,
        description = "Lanes: event streaming that keeps per-key order, on the Kafka protocol.",
        subcommands = {ServerCommand.class, io.lanes.cli.demo.DemoCommand.class, CommandLine.HelpCommand.class})
public final class LanesCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LanesCli()).execute(args));
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
