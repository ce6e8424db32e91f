package org.casejourney.command.platform;

import org.casejourney.security.Callers;
import org.casejourney.security.Role;

/** Who is calling: the principal of the validated bearer token. */
public final class Caller {

    private Caller() {
    }

    /** Recorded as {@code recordedBy} on every event and as the principal of every access-log entry. */
    public static String principal() {
        return Callers.principal();
    }

    public static boolean is(Role role) {
        return Callers.has(role);
    }
}
