package org.casejourney.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
                    "org.springframework.jdbc..", "..command.ingestion..", "..command.fhir..", "..command.replay..", "..command.publishing..");

    /** The other ways in (FHIR) use ingestion through its intake and the records it takes and gives, never its workings. */
    @ArchTest
    static final ArchRule ingestionIsPublicOnlyThroughItsIntake = classes()
            .that().resideInAPackage("..command.ingestion..").and().arePublic()
            .should().haveNameMatching(".*\\.ingestion\\.(EventIntake|Item|Outcome|Provenance)");

    @ArchTest
    static final ArchRule ingestionKnowsNothingOfFhir = noClasses()
            .that().resideInAPackage("..command.ingestion..")
            .should().dependOnClassesThat().resideInAnyPackage("..command.fhir..", "org.hl7.fhir..", "ca.uhn.fhir..");

    @ArchTest
    static final ArchRule capabilitiesDoNotDependOnEachOtherInCycles = slices()
            .matching("org.casejourney.command.(*)..").should().beFreeOfCycles();
}
