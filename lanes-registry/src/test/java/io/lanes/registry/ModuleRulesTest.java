package io.lanes.registry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * lanes-registry runs unchanged beside any Kafka cluster, so its code talks to brokers through
 * kafka-clients only and never uses Lanes' broker, storage, coordinator, protocol, broker-launch, test
 * kit, command-line, operations or processing code.
 */
class ModuleRulesTest {

    @Test
    void shouldUseNoLanesBrokerCodeWhenCompiled() {
        // given
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lanes.registry");

        // then
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.lanes.broker..", "io.lanes.storage..",
                        "io.lanes.coordinator..", "io.lanes.protocol..", "io.lanes.testkit..", "io.lanes.launch..",
                        "io.lanes.cli..", "io.lanes.ops..", "io.lanes.processor..")
                .check(classes);
    }
}
