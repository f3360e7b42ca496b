package io.lanes.cli.command;

import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what a command throws into one line on stderr and an exit code, never a stack trace:
 * a {@link CommandFailure} says both; a Kafka client error (a cluster that does not answer within
 * {@code --timeout}, whether the client or our wait on its future notices first; an unknown topic
 * or group; a refused request) is exit code 2 with the client's own message. Anything else is a
 * bug and keeps picocli's default report.
 */
public final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult)
            throws Exception {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CommandFailure failure) {
            return report(command, failure.getMessage(), failure.exitCode());
        }
        if (cause instanceof KafkaException kafka) {
            return report(command, describe(kafka), CommandFailure.USAGE);
        }
        if (cause instanceof TimeoutException) {
            // our own wait on a client future ran out before the client's timeout fired: same situation
            return report(command, "no answer from the cluster in time", CommandFailure.USAGE);
        }
        throw e;
    }

    private static int report(CommandLine command, String message, int exitCode) {
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message);
        command.getErr().flush();
        return exitCode;
    }

    private static String describe(KafkaException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer from the cluster in time (" + message + ")";
        }
        return message;
    }
}
