package org.casejourney.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.casejourney.events.testing.Capabilities;

import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.casejourney.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theQuerySideKnowsTheCommandSideOnlyThroughTheTopic = noClasses()
            .that().resideInAPackage("org.casejourney.query..")
            .should().dependOnClassesThat().resideInAnyPackage("org.casejourney.command..", "org.axonframework..");

    @ArchTest
    static final ArchRule thePlatformServesTheCapabilitiesAndNeverTheOtherWayRound = noClasses()
            .that().resideInAPackage("org.casejourney.query.platform..")
            .should().dependOnClassesThat().resideInAPackage("org.casejourney.query.journey..");

    @ArchTest
    static final ArchRule theLifecycleReachesAProjectionOnlyThroughItsInterface = noClasses()
            .that().resideInAPackage("org.casejourney.query.projections..")
            .should().dependOnClassesThat().resideInAPackage("org.casejourney.query.journey..");

    /**
     * Which capability may use which, in one table: the series read models use the analysts' facts
     * (analytics) and the platform; the projection (journey) also drives the lifecycle (projections) and
     * logs reads (accesslog); the platform uses none of them. A new edge is a design decision: add it here.
     */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "platform", Set.of(),
            "analytics", Set.of("platform"),
            "accesslog", Set.of("analytics", "platform"),
            "failuredemand", Set.of("analytics", "platform"),
            "endtoend", Set.of("analytics", "platform"),
            "handoffs", Set.of("analytics", "platform"),
            "cohorts", Set.of("accesslog", "analytics", "platform"),
            "projections", Set.of("accesslog", "analytics", "platform"),
            "journey", Set.of("accesslog", "analytics", "platform", "projections"),
            "web", Set.of("platform"));

    private static final Capabilities CAPABILITIES = Capabilities.of("org.casejourney.query", MAY_USE);

    @ArchTest
    static final ArchRule capabilitiesUseOnlyWhatTheTableAllows = CAPABILITIES.useOnlyWhatTheTableAllows();

    @ArchTest
    static final ArchRule everyCapabilityIsInTheTable = CAPABILITIES.areAllInTheTable();

    @ArchTest
    static final ArchRule noCyclesBetweenCapabilities = CAPABILITIES.areFreeOfCycles();

    @ArchTest
    static final ArchRule publicOnlyWhatAnotherPackageUses = CAPABILITIES.publicTypesAreUsedFromAnotherPackage(Set.of());
}
