package org.casejourney.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.casejourney.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCommandSideNeverReachesIntoTheQuerySide = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.casejourney.query..");

    @ArchTest
    static final ArchRule theAggregateKnowsNothingOfHttpKafkaOrSql = noClasses()
            .that().resideInAPackage("..command.person..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.kafka..",
                    "org.springframework.jdbc..", "..command.ingestion..", "..command.replay..", "..command.publishing..");

    @ArchTest
    static final ArchRule capabilitiesDoNotDependOnEachOtherInCycles = slices()
            .matching("org.casejourney.command.(*)..").should().beFreeOfCycles();
}
