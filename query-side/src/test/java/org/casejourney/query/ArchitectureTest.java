package org.casejourney.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

    @ArchTest
    static final ArchRule capabilitiesUseOnlyWhatTheTableAllows = MAY_USE.entrySet().stream()
            .map(entry -> {
                Set<String> others = new TreeSet<>(MAY_USE.keySet());
                others.remove(entry.getKey());
                others.removeAll(entry.getValue());
                return (ArchRule) noClasses().that().resideInAPackage("org.casejourney.query." + entry.getKey() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(others.stream()
                                .map(o -> "org.casejourney.query." + o + "..").toArray(String[]::new))
                        .because(entry.getKey() + " may use only " + entry.getValue() + " (ArchitectureTest.MAY_USE)");
            })
            .reduce((a, b) -> com.tngtech.archunit.lang.CompositeArchRule.of(a).and(b))
            .orElseThrow();

    @ArchTest
    static final ArchRule everyCapabilityIsInTheTable = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that().resideInAPackage("org.casejourney.query.*..").and().resideOutsideOfPackage("org.casejourney.query")
            .should(new com.tngtech.archunit.lang.ArchCondition<>("be in a capability named in ArchitectureTest.MAY_USE") {
                @Override
                public void check(com.tngtech.archunit.core.domain.JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
                    String rest = c.getPackageName().substring("org.casejourney.query.".length());
                    String capability = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                    if (!MAY_USE.containsKey(capability)) {
                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(c, c.getName() + " is in " + capability
                                + ", which ArchitectureTest.MAY_USE does not name"));
                    }
                }
            });

    @ArchTest
    static final ArchRule noCyclesBetweenCapabilities = slices().matching("org.casejourney.query.(*)..").should().beFreeOfCycles();
}
