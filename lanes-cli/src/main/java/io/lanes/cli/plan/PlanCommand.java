package io.lanes.cli.plan;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lanes plan <what>}: capacity planning from given or measured rates. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Capacity planning from given or measured rates.",
        subcommands = {PartitionsCommand.class})
public final class PlanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
