package org.casejourney.query.cohorts;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;

import java.util.ArrayList;
import java.util.List;

/** The attributes an exported event carries, the same in the OCEL and the XES log: each value a String, Integer or Boolean. */
final class EventAttributes {

    /** One attribute; its value's Java type is its declared type (string, integer, boolean). */
    record Attribute(String name, Object value) {
    }

    private EventAttributes() {
    }

    /** The event's attributes in a fixed order; absent and blank values are left out. */
    static List<Attribute> of(PersonEvent event) {
        List<Attribute> attributes = new ArrayList<>();
        add(attributes, "service", event.service());
        add(attributes, "team", event.team());
        add(attributes, "organisation", event.organisation());
        if (event instanceof ContactRecorded c) {
            add(attributes, "channel", c.channel() == null ? null : c.channel().name());
            add(attributes, "demandType", c.demandType().name());
            add(attributes, "failureCategory", c.failureCategory());
        } else if (event instanceof AssessmentCompleted a) {
            add(attributes, "assessmentType", a.assessmentType());
            add(attributes, "outcome", a.outcome());
        } else if (event instanceof SupportDelivered s) {
            add(attributes, "activity", s.activity());
        } else if (event instanceof ReferralMade r) {
            add(attributes, "fromTeam", r.fromTeam());
            add(attributes, "toTeam", r.toTeam());
            add(attributes, "fromOrganisation", r.fromOrganisation());
            add(attributes, "toOrganisation", r.toOrganisation());
        } else if (event instanceof ReferralResolved r) {
            add(attributes, "outcome", r.outcome().name());
        } else if (event instanceof HandoffMade h) {
            add(attributes, "fromTeam", h.fromTeam());
            add(attributes, "toTeam", h.toTeam());
        } else if (event instanceof CaseClosed c) {
            add(attributes, "outcome", c.outcome().name());
        }
        if (event.durationMinutes() != null) {
            add(attributes, "durationMinutes", event.durationMinutes());
            add(attributes, "faceToFace", event.spentFaceToFace());
        }
        return attributes;
    }

    private static void add(List<Attribute> attributes, String name, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            attributes.add(new Attribute(name, value));
        }
    }
}
