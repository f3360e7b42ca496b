package io.lanes.processor.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerProperties {

    @Property(tries = 300, seed = "42")
    void shouldCommitFirstIncompleteOffsetAndEncodeExactlyTheCompletedAboveIt(@ForAll("scenarios") Scenario scenario) {
        // given offsets received with gaps, completed in a random order, part of them only
        OffsetTracker tracker = new OffsetTracker(scenario.start);
        TreeSet<Long> pending = new TreeSet<>();
        for (long offset : scenario.offsets) {
            tracker.received(offset);
            pending.add(offset);
        }
        List<Long> order = new ArrayList<>(scenario.offsets);
        Collections.shuffle(order, new Random(scenario.seed));
        TreeSet<Long> completed = new TreeSet<>();

        // when
        for (long offset : order.subList(0, scenario.completedCount)) {
            tracker.complete(offset);
            pending.remove(offset);
            completed.add(offset);
        }

        // then the base is the first pending offset (or past the last received one)
        long expectedBase = pending.isEmpty() ? scenario.offsets.get(scenario.offsets.size() - 1) + 1 : pending.first();
        assertThat(tracker.base()).isEqualTo(expectedBase);
        // and the metadata names the completed records above it (gaps are not records, they need not be listed)
        long[] decoded = OffsetMetadataCodec.decode(tracker.base(), OffsetMetadataCodec.encode(tracker));
        List<Long> decodedRecords = new ArrayList<>();
        for (long offset : decoded) {
            if (scenario.offsets.contains(offset)) {
                decodedRecords.add(offset);
            } else {
                assertThat(offset).as("a decoded offset is a record or a gap").isLessThan(tracker.end());
            }
            assertThat(pending).doesNotContain(offset);
        }
        assertThat(decodedRecords).containsExactlyElementsOf(completed.tailSet(expectedBase, false));
    }

    @Property(tries = 200, seed = "7")
    void shouldFitTheLimitWhenCompletedOffsetsStayInsideTheWindow(@ForAll("limits") int maxChars, @ForAll long seed) {
        // given the worst case for a window: completions alternating across the whole span
        long span = OffsetMetadataCodec.maxSpan(maxChars);
        OffsetTracker tracker = new OffsetTracker(1_000);
        Random random = new Random(seed);
        tracker.received(1_000 + span - 1);
        for (long offset = 1_001; offset < 1_000 + span; offset++) {
            if (random.nextBoolean()) {
                tracker.complete(offset);
            }
        }

        // when
        String metadata = OffsetMetadataCodec.encode(tracker);

        // then
        assertThat(metadata.length()).isLessThanOrEqualTo(maxChars);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(16, 5000);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Long> start = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<List<Integer>> steps = Arbitraries.integers().between(1, 200).map(big -> big > 190 ? big * 10 : big % 3 + 1)
                .list().ofMinSize(1).ofMaxSize(400);
        return Combinators.combine(start, steps, Arbitraries.longs(), Arbitraries.doubles().between(0, 1))
                .as((base, gaps, seed, fraction) -> {
                    List<Long> offsets = new ArrayList<>();
                    long offset = base;
                    for (int gap : gaps) {
                        offset += gap;
                        offsets.add(offset);
                    }
                    return new Scenario(base, offsets, seed, (int) Math.round(fraction * offsets.size()));
                });
    }

    record Scenario(long start, List<Long> offsets, long seed, int completedCount) {
    }
}
