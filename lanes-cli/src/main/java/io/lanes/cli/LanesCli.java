package io.lanes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code lanes} command line: one entry point, one subcommand per job.
 *
 * <p>{@link #execute} builds the picocli model of the one subcommand its first argument names: building every
 * command's model (reflection over all options of all commands) was a fifth of {@code lanes server}'s start-up.
 * Anything else ({@code lanes --help}, no argument, an unknown command) gets the full command line. A plain
 * {@code lanes server} line skips picocli altogether ({@link Main}, {@link ServerArgs}). Logging initialises
 * meanwhile on another thread ({@link LoggingWarmUp}).
 */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = LanesCli.Version.class,
        description = "Lanes: event streaming that keeps per-key order, on the Kafka protocol.")
public final class LanesCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code args} with picocli (what {@link Main} does not run itself) and returns the exit code. */
    static int execute(String[] args) {
        // a command that does work logs (usage, help and version do not)
        LoggingWarmUp logging = namesSubcommand(args) ? LoggingWarmUp.start() : null;
        CommandLine cli = commandLine(args);
        if (logging != null) {
            logging.await();
        }
        return cli.execute(args);
    }

    /** Reports what a server started without picocli threw, as picocli would have (the same handler, then a trace). */
    static int serverFailed(Exception e, String[] args) {
        CommandLine server = commandLine(args).getSubcommands().get("server");
        try {
            return new io.lanes.cli.command.FailureHandler().handleExecutionException(e, server, null);
        } catch (Exception unexpected) {
            unexpected.printStackTrace();
            return server.getCommandSpec().exitCodeOnExecutionException();
        }
    }

    /** The command line with every subcommand and the failure handling of operations commands. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LanesCli());
        subcommands().forEach(cli::addSubcommand);
        return withFailureHandling(cli);
    }

    /**
     * The command line for running {@code args}: only the subcommand {@code args[0]} names when it names one
     * (its usage and errors read the same as in {@link #commandLine()}), otherwise every subcommand.
     */
    static CommandLine commandLine(String[] args) {
        if (!namesSubcommand(args)) {
            return commandLine();
        }
        return withFailureHandling(new CommandLine(new LanesCli()).addSubcommand(args[0], subcommands().get(args[0])));
    }

    /** Whether {@code args} run one subcommand (other than {@code help}). */
    static boolean namesSubcommand(String[] args) {
        return args.length > 0 && !args[0].equals("help") && subcommands().containsKey(args[0]);
    }

    /** Every subcommand by name, in the order {@code lanes --help} lists them (classes are not initialised). */
    static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("server", ServerCommand.class);
        commands.put("demo", io.lanes.cli.demo.DemoCommand.class);
        commands.put("topic", io.lanes.cli.topic.TopicCommand.class);
        commands.put("group", io.lanes.cli.group.GroupCommand.class);
        commands.put("produce", io.lanes.cli.records.ProduceCommand.class);
        commands.put("consume", io.lanes.cli.records.ConsumeCommand.class);
        commands.put("plan", io.lanes.cli.plan.PlanCommand.class);
        commands.put("skew", io.lanes.cli.skew.SkewCommand.class);
        commands.put("lag", io.lanes.cli.lag.LagCommand.class);
        commands.put("ops", io.lanes.cli.serve.OpsCommand.class);
        commands.put("registry", io.lanes.cli.registry.RegistryCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return commands;
    }

    /** Set once the subcommands are added: picocli hands these settings only to the subcommands present. */
    private static CommandLine withFailureHandling(CommandLine cli) {
        return cli
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
