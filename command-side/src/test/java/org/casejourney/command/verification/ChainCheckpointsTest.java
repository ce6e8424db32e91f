package org.casejourney.command.verification;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainCheckpointsTest {

    @Test
    void aCheckpointLongerThanARecordIsCutIntoPartsThatJoinBackAndFitTheLimit() {
        String text = "{\"heads\":[" + "{\"stream\":\"ps-abc\",\"hash\":\"é€𝄞\"},".repeat(500) + "]}";

        List<String> parts = ChainCheckpoints.parts(text, 1000);

        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 1000));
        // no part starts or ends inside a character (a lone surrogate would not survive UTF-8)
        assertThat(parts).allSatisfy(p -> assertThat(new String(p.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(p));
    }

    @Test
    void aCheckpointThatFitsStaysOneRecord() {
        assertThat(ChainCheckpoints.parts("{\"number\":1}", 900_000)).containsExactly("{\"number\":1}");
        assertThatThrownBy(() -> ChainCheckpoints.parts("x", 3)).hasMessageContaining("record-bytes");
    }
}
