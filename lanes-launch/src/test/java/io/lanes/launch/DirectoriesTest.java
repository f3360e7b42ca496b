package io.lanes.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoriesTest {

    @Test
    void shouldDeleteTheWholeTreeWhenDeletingRecursively() throws Exception {
        // given
        Path root = Directories.createTemp("directories-test-");
        Files.createDirectories(root.resolve("topic-0/nested"));
        Files.writeString(root.resolve("topic-0/00000000000000000000.log"), "x");
        Files.writeString(root.resolve("topic-0/nested/file"), "y");

        // when
        Directories.deleteRecursively(root);

        // then
        assertThat(root).doesNotExist();
    }

    @Test
    void shouldReportNothingWhenTheDirectoryIsMissing() throws Exception {
        // given
        Path root = Directories.createTemp("directories-test-");
        Files.delete(root);

        // when
        var error = Directories.deleteQuietly(root);

        // then
        assertThat(error).isNull();
        assertThat(root).doesNotExist();
    }
}
