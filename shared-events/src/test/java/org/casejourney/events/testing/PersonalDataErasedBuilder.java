package org.casejourney.events.testing;

import org.casejourney.events.PersonalDataErased;

/** A {@link PersonalDataErased}: by default for erasure request ER-2026-0042, with no service. */
public final class PersonalDataErasedBuilder extends EventBuilder<PersonalDataErasedBuilder, PersonalDataErased> {

    private String reason = "erasure request ER-2026-0042";

    PersonalDataErasedBuilder() {
        service(null);
    }

    public PersonalDataErasedBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public PersonalDataErased build() {
        return new PersonalDataErased(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, reason);
    }
}
