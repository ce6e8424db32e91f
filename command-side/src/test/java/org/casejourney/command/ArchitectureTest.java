package org.casejourney.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.casejourney.events.testing.Capabilities;

import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    /**
     * Which capability may use which: the platform (Axon, JSON, problems, metrics) is used by capabilities and
     * uses none; the aggregate ({@code person}) uses only the platform; the ways in and out use the aggregate,
     * the vault and the access log, never each other's workings (FHIR through ingestion's intake and the replay's read).
     */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "platform", Set.of(),
            "person", Set.of("platform"),
            "personaldata", Set.of("person", "platform"),
            "accesslog", Set.of("personaldata", "platform"),
            "ingestion", Set.of("person", "personaldata", "platform"),
            "publishing", Set.of("person", "platform"),
            "replay", Set.of("accesslog", "person", "personaldata", "platform"),
            "sar", Set.of("accesslog", "person", "personaldata", "platform"),
            "verification", Set.of("accesslog", "person", "platform"),
            "fhir", Set.of("accesslog", "ingestion", "replay", "platform"));

    private static final Capabilities CAPABILITIES = Capabilities.of("org.casejourney.command", MAY_USE);

    @ArchTest
    static final ArchRule capabilitiesUseOnlyWhatTheTableAllows = CAPABILITIES.useOnlyWhatTheTableAllows();

    @ArchTest
    static final ArchRule everyCapabilityIsInTheTable = CAPABILITIES.areAllInTheTable();

    @ArchTest
    static final ArchRule capabilitiesDoNotDependOnEachOtherInCycles = CAPABILITIES.areFreeOfCycles();

    /**
     * Public only what another package uses. PersonJourney: the stored metadata keys publishing and verification read
     * are its constants, which the compiler copies into them, out of ArchUnit's sight.
     */
    @ArchTest
    static final ArchRule publicOnlyWhatAnotherPackageUses = CAPABILITIES.publicTypesAreUsedFromAnotherPackage(Set.of("PersonJourney"));
}
