package org.casejourney.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Responsibility for the person moved between practitioners or teams. */
public record HandoffMade(
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
        @Size(max = Fields.CODE_MAX) String fromPractitioner,
        @Size(max = Fields.CODE_MAX) String fromTeam,
        @Size(max = Fields.CODE_MAX) String fromOrganisation,
        @Size(max = Fields.CODE_MAX) String toPractitioner,
        @Size(max = Fields.CODE_MAX) String toTeam,
        @Size(max = Fields.CODE_MAX) String toOrganisation,
        @Size(max = Fields.TEXT_MAX) String reason) implements PersonEvent {

    @Override
    public HandoffMade withProvenance(String sourceSystem, String correlationId) {
        return new HandoffMade(eventId, occurredAt, service, team, organisation, practitioner, PersonEvent.firstNonBlank(this.sourceSystem, sourceSystem), PersonEvent.firstNonBlank(this.correlationId, correlationId), causationId, tags, fromPractitioner, fromTeam, fromOrganisation, toPractitioner, toTeam, toOrganisation, reason);
    }
}
