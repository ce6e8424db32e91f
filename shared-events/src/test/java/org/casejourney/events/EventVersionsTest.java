package org.casejourney.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventVersionsTest {

    private static final List<String> TYPES = List.of("ContactRecorded", "ReferralMade", "ReferralResolved", "AssessmentCompleted",
            "SupportDelivered", "HandoffMade", "CaseClosed", "EventCorrected", "EventRetracted", "PersonalDataErased");

    @Test
    void eachCurrentSchemaIdentifierNamesItsTypeAndVersion() {
        for (String type : TYPES) {
            assertThat(EventVersions.parse(EventVersions.schemaId(type)))
                    .contains(new EventVersions.Schema(type, EventVersions.of(type)));
        }
    }

    @Test
    void identifiersOfOtherVersionsAndTypesAreReadFromTheirText() {
        assertThat(EventVersions.parse("urn:casejourney:schema:ContactRecorded:1.7"))
                .contains(new EventVersions.Schema("ContactRecorded", new EventVersions.Version(1, 7)));
        assertThat(EventVersions.parse("urn:casejourney:schema:SomethingNew:12.0"))
                .contains(new EventVersions.Schema("SomethingNew", new EventVersions.Version(12, 0)));
    }

    @Test
    void whatIsNotOneOfOurIdentifiersNamesNothing() {
        assertThat(EventVersions.parse(null)).isEmpty();
        assertThat(EventVersions.parse("")).isEmpty();
        assertThat(EventVersions.parse("urn:casejourney:schema:ContactRecorded:1")).isEmpty();
        assertThat(EventVersions.parse("urn:casejourney:schema:ContactRecorded:1.0 ")).isEmpty();
        assertThat(EventVersions.parse("https://example.org/schema/ContactRecorded/1.0")).isEmpty();
    }
}
