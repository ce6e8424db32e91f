package org.casejourney.query.journey;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JourneyRowsTest {

    @Test
    void aNulEscapeIsFoundWhereverItStands() {
        assertThat(JourneyRows.holdsNul("{\"practitioner\":\"a NUL \\u0000 here\"}")).isTrue();
        assertThat(JourneyRows.holdsNul("{\"t\":\"\\u0000\"}")).isTrue();
        assertThat(JourneyRows.holdsNul("{\"t\":\"\\\\\\u0000\"}")).isTrue(); // an escaped backslash, then the escape
    }

    @Test
    void aBackslashFollowedByTheTextU0000IsNotANul() {
        assertThat(JourneyRows.holdsNul("{\"t\":\"\\\\u0000\"}")).isFalse(); // the text \u0000, its backslash escaped
        assertThat(JourneyRows.holdsNul("{\"t\":\"\\u00001\"}".replace("\\u0000", "\\u0001"))).isFalse();
        assertThat(JourneyRows.holdsNul("{\"team\":\"front-door\"}")).isFalse();
    }
}
