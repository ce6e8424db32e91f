package org.casejourney.query.journey;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredAlikeTest {

    @Test
    void plainAndNonAsciiTextIsSure() {
        assertThat(StoredAlike.sure("{\"team\":\"front-door\",\"tags\":[\"caf\u00e9\",\"\\u00e9\\n\\\"\"]}")).isTrue();
    }

    @Test
    void anySurrogateRawOrEscapedIsNot() {
        assertThat(StoredAlike.sure("{\"t\":\"\ud83d\ude00\"}")).isFalse();
        assertThat(StoredAlike.sure("{\"t\":\"\ud800\"}")).isFalse();
        assertThat(StoredAlike.sure("{\"t\":\"\\ud800\"}")).isFalse();
        assertThat(StoredAlike.sure("{\"t\":\"\\uDFFF\"}")).isFalse();
    }

    @Test
    void anEscapedBackslashBeforeUIsNotAnEscape() {
        assertThat(StoredAlike.sure("{\"t\":\"\\\\ud800\"}")).isTrue();
        assertThat(StoredAlike.sure("{\"t\":\"\\ud7ff\\uE000\"}")).isTrue();
        assertThat(StoredAlike.sure(null)).isFalse();
    }
}
