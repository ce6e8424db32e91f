package org.casejourney.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.EnumSet;
import java.util.Set;

/** Who is calling, as the validated token says. */
public final class Callers {

    /** The principal outside an authenticated request. */
    public static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    /** The authenticated principal's name (the configured principal claim), or "anonymous" outside a request. */
    public static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication.getName() == null ? ANONYMOUS : authentication.getName();
    }

    /** The caller's roles. */
    public static Set<Role> roles() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                for (Role role : Role.values()) {
                    if (role.authority().equals(authority.getAuthority())) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }

    public static boolean has(Role role) {
        return roles().contains(role);
    }
}
