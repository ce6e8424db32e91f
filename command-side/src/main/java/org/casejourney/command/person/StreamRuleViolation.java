package org.casejourney.command.person;

/** The event contradicts the person's stream (for example it corrects an event the stream lacks). */
public class StreamRuleViolation extends RuntimeException {

    private final String field;

    public StreamRuleViolation(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
