package org.casejourney.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** The receiving side accepted, declined or withdrew a referral made earlier on the same stream. */
public record ReferralResolved(
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
        @NotBlank @Pattern(regexp = Fields.ID_PATTERN) String referralId,
        @NotNull ReferralOutcome outcome) implements PersonEvent {

    @Override
    public ReferralResolved withProvenance(String sourceSystem, String correlationId) {
        return new ReferralResolved(eventId, occurredAt, service, team, organisation, practitioner, PersonEvent.firstNonBlank(this.sourceSystem, sourceSystem), PersonEvent.firstNonBlank(this.correlationId, correlationId), causationId, tags, referralId, outcome);
    }
}
