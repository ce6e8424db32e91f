package org.casejourney.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    /** Jackson's own serializer for instants, as the mappers used it before they had their own. */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void writesEveryInstantTriedAsTheIsoFormatterAndJacksonDo() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:00:00.1Z"),
                Instant.parse("2026-01-05T09:00:00.000001Z"), Instant.parse("2026-01-05T09:00:00.000000001Z"),
                Instant.parse("2026-01-05T09:00:00.010Z"), Instant.parse("2026-01-05T09:00:00.012345Z"),
                Instant.parse("2026-12-31T23:59:59Z"), Instant.parse("0999-06-15T01:02:03.456Z"),
                Instant.MIN, Instant.MAX));
        Random random = new Random(20261206);
        long first = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = first + (long) (random.nextDouble() * (last - first));
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nano));
        }
        ObjectMapper ours = EventJson.mapper();
        for (int i = 0; i < instants.size(); i++) {
            Instant instant = instants.get(i);
            String expected = DateTimeFormatter.ISO_INSTANT.format(instant);
            assertThat(IsoInstants.format(instant)).as("%s", instant).isEqualTo(expected).isEqualTo(instant.toString());
            if (instant.getEpochSecond() % 7 == 0 || instant.getNano() % 1_000 != 0 || i < 20) {
                Map<String, Instant> field = Map.of("at", instant);
                assertThat(ours.writeValueAsString(field)).as("%s", instant).isEqualTo(JACKSON.writeValueAsString(field));
            }
        }
    }

    @Test
    void aWrittenInstantReadsBackAsTheSameInstant() {
        Instant instant = Instant.parse("2026-03-29T01:30:00.123456789Z");
        record Stamped(Instant at) {
        }
        String json = EventJson.write(new Stamped(instant));
        assertThat(json).isEqualTo("{\"at\":\"2026-03-29T01:30:00.123456789Z\"}");
        assertThat(EventJson.read(json, Stamped.class).at()).isEqualTo(instant);
    }
}
