package org.casejourney.events;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.at;
import static org.casejourney.events.testing.TestEvents.contactRecorded;

class CorrectionsTest {

    private final ContactRecorded original = contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z")
            .durationMinutes(10).build();

    @Test
    void eachNamedFieldTakesItsNewValue() {
        PersonEvent corrected = Corrections.apply(original, Map.of(
                "durationMinutes", 25, "channel", "HOME_VISIT", "occurredAt", "2026-01-04T10:00:00+01:00"));

        assertThat(corrected).isEqualTo(contactRecorded().eventId("c1").occurredAt("2026-01-04T09:00:00Z")
                .channel(Channel.HOME_VISIT).durationMinutes(25).build());
    }

    @Test
    void fieldsNotNamedKeepTheirValue() {
        ContactRecorded corrected = (ContactRecorded) Corrections.apply(original, Map.of("durationMinutes", 25));

        assertThat(corrected.occurredAt()).isEqualTo(at("2026-01-05T09:00:00Z"));
        assertThat(corrected.channel()).isEqualTo(Channel.PHONE);
        assertThat(corrected.service()).isEqualTo(original.service());
    }

    @Test
    void aNullValueClearsAnOptionalField() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("durationMinutes", null);

        assertThat(((ContactRecorded) Corrections.apply(original, changes)).durationMinutes()).isNull();
    }

    @Test
    void theTypeAndEventIdNeverChange() {
        PersonEvent corrected = Corrections.apply(original, Map.of("type", "CaseClosed", "eventId", "c2"));

        assertThat(corrected).isEqualTo(original);
    }

    @Test
    void anUnknownFieldIsAnIllegalArgument() {
        assertThatThrownBy(() -> Corrections.apply(original, Map.of("colour", "blue")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void aValueOfTheWrongTypeIsAnIllegalArgument() {
        assertThatThrownBy(() -> Corrections.apply(original, Map.of("durationMinutes", "twenty")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Corrections.apply(original, Map.of("channel", "CARRIER_PIGEON")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOriginalIsNotChanged() {
        Corrections.apply(original, Map.of("durationMinutes", 25));

        assertThat(original.durationMinutes()).isEqualTo(10);
    }
}
