package io.lanes.bench.processor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A contestant alone in a JVM, for the SIGKILL measurement: consumes until killed, appending
 * every completion to a {@link CompletionLog}.
 *
 * <p>Arguments: {@code <contestant> <bootstrap> <topic> <group> <concurrency> <handlerMicros> <completionFile>}.
 */
public final class ContestantProcess {
    private ContestantProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String name = args[0];
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", args[1]);
        config.put("auto.offset.reset", "earliest");
        HandledLedger ledger = new HandledLedger(1);
        ledger.logCompletionsTo(new CompletionLog(Path.of(args[6])));
        Contestant contestant = Contestant.named(name, Integer.parseInt(args[4]), 1);
        contestant.start(config, args[2], args[3], ledger, Long.parseLong(args[5]));
        System.out.println("STARTED " + name);
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
