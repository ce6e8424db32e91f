package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JourneyReadsTest {

    @Test
    void theNextPageIsTheTopLevelFieldEvenWhenAnEventCarriesOneOfTheSameName() throws IOException {
        String page = """
                {"pseudonym":"ps-x","events":[{"sequence":0,"event":{"nextFromSequence":99,"notes":[1,{"a":[]}]}}],
                 "nextFromSequence":1000,"limit":1000}""";
        assertThat(JourneyReads.nextFromSequence(stream(page))).isEqualTo(1000L);
    }

    @Test
    void theStreamIsLeftOpenForTheClientToReadTheRestOfTheBody() throws IOException {
        boolean[] closed = {false};
        ByteArrayInputStream page = new ByteArrayInputStream("{\"nextFromSequence\":7}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThat(JourneyReads.nextFromSequence(page)).isEqualTo(7L);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void theLastPageHasNoNextPage() throws IOException {
        assertThat(JourneyReads.nextFromSequence(stream("{\"events\":[{\"nextFromSequence\":5}]}"))).isNull();
    }

    @Test
    void anAnswerThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> JourneyReads.nextFromSequence(stream("[1,2]"))).isInstanceOf(IOException.class);
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
