package org.casejourney.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Work done with or for the person. */
public record SupportDelivered(
        @NotBlank @Pattern(regexp = Fields.ID_PATTERN) String eventId,
        @NotNull Instant occurredAt,
        @NotBlank @Size(max = Fields.CODE_MAX) String service,
        @Size(max = Fields.CODE_MAX) String team,
        @Size(max = Fields.CODE_MAX) String organisation,
        @Size(max = Fields.CODE_MAX) String practitioner,
        @Size(max = Fields.CODE_MAX) String sourceSystem,
        @Pattern(regexp = Fields.ID_PATTERN) String correlationId,
        @Pattern(regexp = Fields.ID_PATTERN) String causationId,
        @Size(max = Fields.TAGS_MAX) List<@NotBlank @Size(max = Fields.TAG_MAX) @Pattern(regexp = Fields.CODE_PATTERN) String> tags,
        @NotBlank @Size(max = Fields.CODE_MAX) @Pattern(regexp = Fields.CODE_PATTERN) String activity,
        @PositiveOrZero @Max(Fields.DURATION_MAX_MINUTES) Integer durationMinutes,
        Boolean faceToFace) implements PersonEvent {

    @Override
    public boolean spentFaceToFace() {
        return Boolean.TRUE.equals(faceToFace);
    }

    @Override
    public SupportDelivered withProvenance(String sourceSystem, String correlationId) {
        return new SupportDelivered(eventId, occurredAt, service, team, organisation, practitioner, PersonEvent.firstNonBlank(this.sourceSystem, sourceSystem), PersonEvent.firstNonBlank(this.correlationId, correlationId), causationId, tags, activity, durationMinutes, faceToFace);
    }
}
