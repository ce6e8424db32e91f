package org.casejourney.events.testing;

import org.casejourney.events.SupportDelivered;

/** A {@link SupportDelivered}: by default {@code personal-care} with no minutes. */
public final class SupportDeliveredBuilder extends EventBuilder<SupportDeliveredBuilder, SupportDelivered> {

    private String activity = "personal-care";
    private Integer durationMinutes;
    private Boolean faceToFace;

    SupportDeliveredBuilder() {
    }

    public SupportDeliveredBuilder activity(String activity) {
        this.activity = activity;
        return this;
    }

    public SupportDeliveredBuilder durationMinutes(Integer durationMinutes) {
        this.durationMinutes = durationMinutes;
        return this;
    }

    public SupportDeliveredBuilder faceToFace(Boolean faceToFace) {
        this.faceToFace = faceToFace;
        return this;
    }

    @Override
    public SupportDelivered build() {
        return new SupportDelivered(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, activity, durationMinutes, faceToFace);
    }
}
