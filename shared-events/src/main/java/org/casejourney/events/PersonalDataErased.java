package org.casejourney.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * The person's personal free text was erased: the key it was encrypted under was destroyed, so
 * every earlier value of a {@link PersonalData} field is unreadable from then on. Recorded by the
 * service itself (an administrator's erasure request), never posted by a front-line system; it
 * changes no count or measure.
 *
 * @param reason why (for example the reference of the erasure request); about the erasure, not the person
 */
public record PersonalDataErased(
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
        @NotBlank @Size(max = Fields.CODE_MAX) String reason) implements PersonEvent {

    @Override
    public PersonalDataErased withProvenance(String sourceSystem, String correlationId) {
        return new PersonalDataErased(eventId, occurredAt, service, team, organisation, practitioner, PersonEvent.firstNonBlank(this.sourceSystem, sourceSystem), PersonEvent.firstNonBlank(this.correlationId, correlationId), causationId, tags, reason);
    }
}
