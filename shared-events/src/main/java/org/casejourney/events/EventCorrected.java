package org.casejourney.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An earlier event on the same stream was wrong: {@code changes} maps field names to corrected values. Both stay visible to auditors. */
public record EventCorrected(
        @NotBlank @Pattern(regexp = Fields.ID_PATTERN) String eventId,
        @NotNull Instant occurredAt,
        @Size(max = Fields.CODE_MAX) String service,
        @Size(max = Fields.CODE_MAX) String team,
        @Size(max = Fields.CODE_MAX) String organisation,
        @Size(max = Fields.CODE_MAX) String practitioner,
        @Size(max = Fields.CODE_MAX) String sourceSystem,
        @Pattern(regexp = Fields.ID_PATTERN) String correlationId,
        @Pattern(regexp = Fields.ID_PATTERN) String causationId,
        @Size(max = Fields.TAGS_MAX) List<@NotBlank @Size(max = Fields.TAG_MAX) @Pattern(regexp = Fields.CODE_PATTERN) String> tags,
        @NotBlank @Pattern(regexp = Fields.ID_PATTERN) String correctsEventId,
        @NotNull @Size(min = 1, max = 50) Map<String, Object> changes,
        @NotBlank @Size(max = Fields.TEXT_MAX) String reason) implements PersonEvent {

    @Override
    public EventCorrected withProvenance(String sourceSystem, String correlationId) {
        return new EventCorrected(eventId, occurredAt, service, team, organisation, practitioner, PersonEvent.firstNonBlank(this.sourceSystem, sourceSystem), PersonEvent.firstNonBlank(this.correlationId, correlationId), causationId, tags, correctsEventId, changes, reason);
    }
}
