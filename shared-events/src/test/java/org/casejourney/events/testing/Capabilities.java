package org.casejourney.events.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules each app's {@code ArchitectureTest} holds its capability packages to, given the app's root package and its
 * table of which capability may use which ({@code MAY_USE}): one copy of the rules, one table per app.
 */
public final class Capabilities {

    private final String root;
    private final Map<String, Set<String>> mayUse;

    private Capabilities(String root, Map<String, Set<String>> mayUse) {
        this.root = root;
        this.mayUse = Map.copyOf(mayUse);
    }

    /** @param root the app's package, such as {@code org.casejourney.command}, whose subpackages are its capabilities */
    public static Capabilities of(String root, Map<String, Set<String>> mayUse) {
        return new Capabilities(root, mayUse);
    }

    /** No capability depends on one its row of the table does not name. */
    public ArchRule useOnlyWhatTheTableAllows() {
        return mayUse.entrySet().stream()
                .map(entry -> {
                    Set<String> others = new TreeSet<>(mayUse.keySet());
                    others.remove(entry.getKey());
                    others.removeAll(entry.getValue());
                    return (ArchRule) noClasses().that().resideInAPackage(root + "." + entry.getKey() + "..")
                            .should().dependOnClassesThat().resideInAnyPackage(others.stream()
                                    .map(other -> root + "." + other + "..").toArray(String[]::new))
                            .because(entry.getKey() + " may use only " + new TreeSet<>(entry.getValue()) + " (ArchitectureTest.MAY_USE)");
                })
                .reduce((a, b) -> CompositeArchRule.of(a).and(b))
                .orElseThrow();
    }

    /** A new capability package is a design decision: it needs its row. */
    public ArchRule areAllInTheTable() {
        return classes().that().resideInAPackage(root + ".*..").and().resideOutsideOfPackage(root)
                .should(new ArchCondition<>("be in a capability named in ArchitectureTest.MAY_USE") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        String capability = capabilityOf(c);
                        if (!mayUse.containsKey(capability)) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " is in " + capability
                                    + ", which ArchitectureTest.MAY_USE does not name"));
                        }
                    }
                });
    }

    public ArchRule areFreeOfCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /**
     * Package-private by default (docs/style.md): a public type in a capability is used from another package of the
     * app's main code (named, or met in the signature of a member called from there, or through a public type nested in
     * it), or is one of {@code exceptions} (simple names, each with its reason in the app's test). A constant the
     * compiler copies into its users does not count: bytecode keeps no trace of it.
     */
    public ArchRule publicTypesAreUsedFromAnotherPackage(Set<String> exceptions) {
        return classes().that().resideInAPackage(root + ".*..").and().arePublic().should(new UsedFromAnotherPackage(exceptions));
    }

    private static final class UsedFromAnotherPackage extends ArchCondition<JavaClass> {

        private final Set<String> exceptions;
        private final Map<JavaClass, List<JavaClass>> nested = new HashMap<>();

        UsedFromAnotherPackage(Set<String> exceptions) {
            super("be used from another package, as only what another package must call is public");
            this.exceptions = exceptions;
        }

        @Override
        public void init(Collection<JavaClass> publicTypes) {
            publicTypes.forEach(c -> c.getEnclosingClass().ifPresent(e -> nested.computeIfAbsent(e, k -> new ArrayList<>()).add(c)));
        }

        @Override
        public void check(JavaClass c, ConditionEvents events) {
            boolean reachable = c.getEnclosingClass().map(e -> e.getModifiers().contains(JavaModifier.PUBLIC)).orElse(true);
            if (reachable && !exceptions.contains(c.getSimpleName()) && !used(c)) {
                events.add(SimpleConditionEvent.violated(c, c.getName() + " is public but used only in its own package "
                        + c.getPackageName() + ": make it package-private"));
            }
        }

        private boolean used(JavaClass c) {
            boolean named = c.getDirectDependenciesToSelf().stream().anyMatch(d -> elsewhere(d.getOriginClass(), c));
            boolean inSignatures = Stream.of(c.getMethodsWithReturnTypeOfSelf(), c.getMethodsWithParameterTypeOfSelf(),
                            c.getConstructorsWithParameterTypeOfSelf()).flatMap(Set::stream)
                    .anyMatch(member -> member.getAccessesToSelf().stream().anyMatch(access -> elsewhere(access.getOriginOwner(), c)));
            return named || inSignatures || nested.getOrDefault(c, List.of()).stream().anyMatch(this::used);
        }

        private static boolean elsewhere(JavaClass user, JavaClass used) {
            return !user.getPackageName().equals(used.getPackageName());
        }
    }

    private String capabilityOf(JavaClass c) {
        String rest = c.getPackageName().substring(root.length() + 1);
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }
}
