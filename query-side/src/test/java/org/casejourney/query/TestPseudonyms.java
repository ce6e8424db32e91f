package org.casejourney.query;

import org.casejourney.events.Pseudonyms;

/** The pseudonyms the tests' query side makes, under the test-only key of src/test/resources/config/application.yml. */
public final class TestPseudonyms {

    public static final String SECRET = "test-only-pseudonym-key-never-used-outside-tests-42";
    public static final Pseudonyms PSEUDONYMS = new Pseudonyms(SECRET);

    private TestPseudonyms() {
    }

    public static String of(String personId) {
        return PSEUDONYMS.of(personId);
    }
}
