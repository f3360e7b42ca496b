package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeleteTopicsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private DeleteTopicsHandler handler;

    private void start(String... staticConfigs) {
        broker = AdminFixture.start(dataDir, staticConfigs);
        handler = new DeleteTopicsHandler(broker.services);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private List<DeletableTopicResult> delete(short version, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = AdminFixture.call(handler,
                AdminFixture.context(ApiKeys.DELETE_TOPICS, version), request);
        return new ArrayList<>(response.responses());
    }

    @Test
    void shouldDeleteTopicAndItsLogsWhenNamed() {
        // given
        start();
        Uuid id = broker.createTopic("doomed", 2, Map.of()).id();

        // when
        List<DeletableTopicResult> results = delete((short) 5,
                new DeleteTopicsRequestData().setTopicNames(List.of("doomed")));

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("doomed");
            assertThat(r.topicId()).isEqualTo(id);
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        });
        assertThat(broker.topics().topic("doomed")).isEmpty();
        assertThat(broker.topics().partition(new TopicPartition("doomed", 1))).isEmpty();
    }

    @Test
    void shouldDeleteTopicWhenIdentifiedByIdOnV6() {
        // given
        start();
        Uuid id = broker.createTopic("by-id", 1, Map.of()).id();

        // when
        List<DeletableTopicResult> results = delete((short) 6, new DeleteTopicsRequestData()
                .setTopics(List.of(new DeleteTopicState().setTopicId(id))));

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("by-id");
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        });
        assertThat(broker.topics().topic(id)).isEmpty();
    }

    @Test
    void shouldAnswerUnknownTopicWhenNameOrIdIsUnknown() {
        // given
        start();
        Uuid unknownId = Uuid.randomUuid();

        // when
        List<DeletableTopicResult> results = delete((short) 6, new DeleteTopicsRequestData().setTopics(List.of(
                new DeleteTopicState().setName("missing"), new DeleteTopicState().setTopicId(unknownId))));

        // then
        assertThat(results).hasSize(2);
        assertThat(results).filteredOn(r -> "missing".equals(r.name())).singleElement()
                .satisfies(r -> assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(results).filteredOn(r -> unknownId.equals(r.topicId())).singleElement()
                .satisfies(r -> assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID));
    }

    @Test
    void shouldAnswerInvalidRequestWhenEntryIsAmbiguousOrRepeated() {
        // given
        start();
        Uuid id = broker.createTopic("kept", 1, Map.of()).id();

        // when
        List<DeletableTopicResult> results = delete((short) 6, new DeleteTopicsRequestData().setTopics(List.of(
                new DeleteTopicState().setName("kept").setTopicId(id),
                new DeleteTopicState(),
                new DeleteTopicState().setName("twice"),
                new DeleteTopicState().setName("twice"))));

        // then
        assertThat(results).extracting(DeletableTopicResult::errorMessage).containsExactlyInAnyOrder(
                "You may not specify both topic name and topic id.",
                "Neither topic name nor id were specified.",
                "Duplicate topic name.");
        assertThat(results).allSatisfy(r -> assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST));
        assertThat(broker.topics().topic("kept")).isPresent();
    }

    @Test
    void shouldAnswerInvalidRequestWhenNameMapsToAnIdAlsoGiven() {
        // given
        start();
        Uuid id = broker.createTopic("both", 1, Map.of()).id();

        // when
        List<DeletableTopicResult> results = delete((short) 6, new DeleteTopicsRequestData().setTopics(List.of(
                new DeleteTopicState().setName("both"), new DeleteTopicState().setTopicId(id))));

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(r.errorMessage()).isEqualTo("The provided topic name maps to an ID that was already supplied.");
        });
        assertThat(broker.topics().topic("both")).isPresent();
    }

    @Test
    void shouldFailWholeRequestWhenTopicDeletionIsDisabled() {
        // given
        start("delete.topic.enable", "false");
        broker.createTopic("protected", 1, Map.of());
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTopicNames(List.of("protected"));

        // when / then
        assertThatThrownBy(() -> delete((short) 5, request)).isInstanceOf(TopicDeletionDisabledException.class);
        assertThatThrownBy(() -> delete((short) 2, request)).isInstanceOf(InvalidRequestException.class);
        assertThat(broker.topics().topic("protected")).isPresent();
    }
}
