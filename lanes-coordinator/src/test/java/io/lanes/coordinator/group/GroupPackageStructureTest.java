package io.lanes.coordinator.group;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The group coordinator's dependencies point one way: the kinds of group (classic, consumer, streams) and the
 * offsets use the shard, never the other way round, and the kinds do not know each other.
 * {@link GroupCoordinator} alone wires them together.
 */
class GroupPackageStructureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lanes.coordinator.group");

    @Test
    void shouldKeepTheShardFreeOfEveryKindOfGroupWhenCompiled() {
        noClasses().that().resideInAPackage("io.lanes.coordinator.group")
                .and().doNotHaveSimpleName("GroupCoordinator").and().doNotHaveSimpleName("Shard")
                .should().dependOnClassesThat().resideInAnyPackage("io.lanes.coordinator.group.classic..",
                        "io.lanes.coordinator.group.consumer..", "io.lanes.coordinator.group.streams..",
                        "io.lanes.coordinator.group.admin..")
                .check(CLASSES);
    }

    @Test
    void shouldKeepKindsOfGroupApartWhenCompiled() {
        noClasses().that().resideInAPackage("io.lanes.coordinator.group.consumer..")
                .should().dependOnClassesThat().resideInAPackage("io.lanes.coordinator.group.classic..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.lanes.coordinator.group.classic..",
                        "io.lanes.coordinator.group.offsets..", "io.lanes.coordinator.group.admin..")
                .should().dependOnClassesThat().resideInAPackage("io.lanes.coordinator.group.consumer..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.lanes.coordinator.group.classic..",
                        "io.lanes.coordinator.group.consumer..", "io.lanes.coordinator.group.offsets..",
                        "io.lanes.coordinator.group.admin..")
                .should().dependOnClassesThat().resideInAPackage("io.lanes.coordinator.group.streams..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.lanes.coordinator.group.streams..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lanes.coordinator.group.classic..",
                        "io.lanes.coordinator.group.consumer..")
                .check(CLASSES);
    }
}
