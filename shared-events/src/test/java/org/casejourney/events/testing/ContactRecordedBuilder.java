package org.casejourney.events.testing;

import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;

/** A {@link ContactRecorded}: by default a value-demand phone contact with nothing else said. */
public final class ContactRecordedBuilder extends EventBuilder<ContactRecordedBuilder, ContactRecorded> {

    private Channel channel = Channel.PHONE;
    private DemandType demandType = DemandType.VALUE;
    private String failureCategory;
    private String whatMatters;
    private Integer durationMinutes;
    private Boolean faceToFace;

    ContactRecordedBuilder() {
    }

    public ContactRecordedBuilder channel(Channel channel) {
        this.channel = channel;
        return this;
    }

    public ContactRecordedBuilder demandType(DemandType demandType) {
        this.demandType = demandType;
        return this;
    }

    public ContactRecordedBuilder failureCategory(String failureCategory) {
        this.failureCategory = failureCategory;
        return this;
    }

    /** Failure demand of {@code category}: the two fields the rules want together. */
    public ContactRecordedBuilder failure(String category) {
        return demandType(DemandType.FAILURE).failureCategory(category);
    }

    public ContactRecordedBuilder whatMatters(String whatMatters) {
        this.whatMatters = whatMatters;
        return this;
    }

    public ContactRecordedBuilder durationMinutes(Integer durationMinutes) {
        this.durationMinutes = durationMinutes;
        return this;
    }

    public ContactRecordedBuilder faceToFace(Boolean faceToFace) {
        this.faceToFace = faceToFace;
        return this;
    }

    @Override
    public ContactRecorded build() {
        return new ContactRecorded(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, channel, demandType, failureCategory, whatMatters, durationMinutes, faceToFace);
    }
}
