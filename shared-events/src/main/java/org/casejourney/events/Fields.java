package org.casejourney.events;

/** Limits shared by every event's fields, so the records and their JSON Schemas say the same. */
public final class Fields {

    /** An identifier chosen by a sender: event ids, referral ids, correlation ids. */
    public static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,128}";
    /** {@link #ID_PATTERN} as a matcher. */
    public static final FieldPattern ID = FieldPattern.compile(ID_PATTERN);
    /** A person id as it appears in a URL path. */
    public static final String PERSON_ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    /** {@link #PERSON_ID_PATTERN} as a matcher. */
    public static final FieldPattern PERSON_ID = FieldPattern.compile(PERSON_ID_PATTERN);
    /** Codes such as service, team, organisation, practitioner. */
    public static final int CODE_MAX = 100;
    /**
     * The shape of a tag, an assessment type or outcome and a support activity: a code from the
     * sender's list, never words about the person (no spaces), so these fields need no sealing.
     */
    public static final String CODE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:/+-]*";
    /** Free text in the person's or a practitioner's words. */
    public static final int TEXT_MAX = 4000;
    /** A week of minutes: no single recorded activity lasts longer. */
    public static final int DURATION_MAX_MINUTES = 10_080;
    public static final int TAGS_MAX = 20;
    public static final int TAG_MAX = 64;

    private Fields() {
    }
}
