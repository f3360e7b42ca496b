package io.lanes.cli.serve;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lanes ops <verb>}: long-running operations services. */
@Command(name = "ops", mixinStandardHelpOptions = true, description = "Operations services for any Kafka cluster.",
        subcommands = {ServeCommand.class})
public final class OpsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
