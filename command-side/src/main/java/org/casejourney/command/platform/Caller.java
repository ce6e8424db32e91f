package org.casejourney.command.platform;

/** Who is calling. Until authentication arrives (issue 4) every caller is the same anonymous principal. */
public final class Caller {

    public static final String ANONYMOUS = "anonymous";

    private Caller() {
    }

    public static String principal() {
        return ANONYMOUS;
    }
}
