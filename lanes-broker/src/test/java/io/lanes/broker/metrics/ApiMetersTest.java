package io.lanes.broker.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ApiMetersTest {

    @Test
    void shouldCountProduceErrorCodesAsTheGenericWalkFindsThemWhenServed() {
        // given: two topics, errors in some partitions
        ProduceResponseData produce = new ProduceResponseData();
        produce.responses().add(new ProduceResponseData.TopicProduceResponse().setName("a").setPartitionResponses(List.of(
                new ProduceResponseData.PartitionProduceResponse().setIndex(0),
                new ProduceResponseData.PartitionProduceResponse().setIndex(1)
                        .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()))));
        produce.responses().add(new ProduceResponseData.TopicProduceResponse().setName("b").setPartitionResponses(List.of(
                new ProduceResponseData.PartitionProduceResponse().setIndex(0)
                        .setErrorCode(Errors.CORRUPT_MESSAGE.code()))));

        // when / then
        assertThat(served(ApiKeys.PRODUCE, produce)).isEqualTo(walked(produce))
                .isEqualTo(Map.of("NONE", 1.0, "NOT_LEADER_OR_FOLLOWER", 1.0, "CORRUPT_MESSAGE", 1.0));
    }

    @Test
    void shouldCountFetchErrorCodesAsTheGenericWalkFindsThemWhenServed() {
        // given: the top-level code and one per partition
        FetchResponseData fetch = new FetchResponseData().setErrorCode(Errors.NONE.code());
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse().setTopic("t");
        topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(0));
        topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(1)
                .setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code()));
        fetch.responses().add(topic);

        // when / then
        assertThat(served(ApiKeys.FETCH, fetch)).isEqualTo(walked(fetch))
                .isEqualTo(Map.of("NONE", 2.0, "OFFSET_OUT_OF_RANGE", 1.0));
    }

    private static Map<String, Double> served(ApiKeys api, ApiMessage body) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ApiMeters(registry, new Latencies(), api).served((short) 0, 0, 1, 2, 3, 4, 5, body);
        Map<String, Double> counts = new TreeMap<>();
        registry.find("kafka.network.requestmetrics.errors").counters()
                .forEach(c -> counts.put(c.getId().getTag("error"), c.count()));
        return counts;
    }

    private static Map<String, Double> walked(ApiMessage body) {
        Map<String, Double> counts = new TreeMap<>();
        ErrorCodes.walk(body, code -> counts.merge(Errors.forCode(code).name(), 1.0, Double::sum));
        return counts;
    }
}
