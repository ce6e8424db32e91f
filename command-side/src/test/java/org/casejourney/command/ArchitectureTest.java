package org.casejourney.command;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    @ArchTest
    static final ArchRule capabilitiesUseOnlyWhatTheTableAllows = MAY_USE.entrySet().stream()
            .map(entry -> {
                Set<String> others = new TreeSet<>(MAY_USE.keySet());
                others.remove(entry.getKey());
                others.removeAll(entry.getValue());
                return (ArchRule) noClasses().that().resideInAPackage("org.casejourney.command." + entry.getKey() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(others.stream()
                                .map(o -> "org.casejourney.command." + o + "..").toArray(String[]::new))
                        .because(entry.getKey() + " may use only " + entry.getValue() + " (ArchitectureTest.MAY_USE)");
            })
            .reduce((a, b) -> CompositeArchRule.of(a).and(b))
            .orElseThrow();

    @ArchTest
    static final ArchRule everyCapabilityIsInTheTable = classes()
            .that().resideInAPackage("org.casejourney.command.*..").and().resideOutsideOfPackage("org.casejourney.command")
            .should(new ArchCondition<>("be in a capability named in ArchitectureTest.MAY_USE") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String rest = c.getPackageName().substring("org.casejourney.command.".length());
                    String capability = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                    if (!MAY_USE.containsKey(capability)) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " is in " + capability
                                + ", which ArchitectureTest.MAY_USE does not name"));
                    }
                }
            });

    @ArchTest
    static final ArchRule capabilitiesDoNotDependOnEachOtherInCycles = slices()
            .matching("org.casejourney.command.(*)..").should().beFreeOfCycles();
}
