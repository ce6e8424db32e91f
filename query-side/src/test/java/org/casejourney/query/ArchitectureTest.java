package org.casejourney.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
}
