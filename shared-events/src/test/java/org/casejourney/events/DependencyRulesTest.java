package org.casejourney.events;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Both apps depend on the events; the events depend on no framework and on nothing else of ours. */
@AnalyzeClasses(packages = "org.casejourney", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule eventsDependOnNoFramework = noClasses()
            .that().resideInAPackage("org.casejourney.events..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "org.axonframework..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule eventsDependOnNothingElseOfOurs = noClasses()
            .that().resideInAPackage("org.casejourney.events..")
            .should().dependOnClassesThat(DescribedPredicate.describe(
                    "are in org.casejourney outside org.casejourney.events",
                    (JavaClass c) -> c.getPackageName().startsWith("org.casejourney")
                            && !c.getPackageName().equals("org.casejourney.events")
                            && !c.getPackageName().startsWith("org.casejourney.events.")));
}
