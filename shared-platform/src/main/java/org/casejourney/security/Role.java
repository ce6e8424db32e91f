package org.casejourney.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. A token names its roles in the configured claim, in lower case
 * ({@code recorder}, {@code analyst}, {@code auditor}, {@code admin}); a token may carry several.
 */
public enum Role {
    /** Front-line systems: post events. */
    RECORDER,
    /** Analysts: the query side's measures and journeys, under pseudonyms. */
    ANALYST,
    /** Auditors: replay, journeys as-of, verification, access logs, subject access packs; must state a purpose. */
    AUDITOR,
    /** Administrators: projection rebuilds and parked records, erasure of personal data. */
    ADMIN;

    /** The value a token carries for this role. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority this role becomes. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role a claim value names, ignoring case; empty for values this service does not know. */
    public static Optional<Role> fromClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.claimValue().equalsIgnoreCase(value.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
