package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.casejourney.events.EventJson;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each upcaster reads the rows kept as its older form stored them, and leaves every other row as it was stored. */
class StoredFormsTest {

    private final Serializer serializer = new AxonConfiguration().serializer();

    @Test
    void aReferralMadeStoredAs0_9IsReadWithItsReferralRenamedToReferralId() {
        List<StoredFormFixtures.Row> rows = StoredFormFixtures.rows(StoredFormFixtures.REFERRAL_RENAMED);

        List<DomainEventMessage<?>> read = readThroughUpcasters(rows);

        ReferralMade referral = (ReferralMade) read.get(0).getPayload();
        assertThat(referral.referralId()).isEqualTo("ref-draft-1");
        assertThat(referral.eventId()).isEqualTo("draft-ref-0001");
        assertThat(referral.toTeam()).isEqualTo("reablement-north");
        assertThat(referral.fromTeam()).isEqualTo("front-door");
        assertThat(referral.correlationId()).isEqualTo("pilot-call-1");
        assertThat(StoredForms.recordedVersion(read.get(0))).isEqualTo("0.9");
        assertThat(upcastJson(read.get(0))).doesNotContain("\"referral\"");
        assertThat(EventJson.read(upcastJson(read.get(0)), PersonEvent.class)).as("today's form, read strictly").isEqualTo(referral);
    }

    @Test
    void aHandoffMadeStoredAs0_9IsReadWithItsToSplitIntoOrganisationAndTeam() {
        List<StoredFormFixtures.Row> rows = StoredFormFixtures.rows(StoredFormFixtures.HANDOFF_SPLIT);

        List<DomainEventMessage<?>> read = readThroughUpcasters(rows);

        HandoffMade toOrganisationAndTeam = (HandoffMade) read.get(0).getPayload();
        HandoffMade toTeamAlone = (HandoffMade) read.get(1).getPayload();
        assertThat(toOrganisationAndTeam.toOrganisation()).isEqualTo("county-council");
        assertThat(toOrganisationAndTeam.toTeam()).isEqualTo("reablement-north");
        assertThat(toOrganisationAndTeam.toPractitioner()).isEqualTo("rn-0007");
        assertThat(toOrganisationAndTeam.fromTeam()).isEqualTo("front-door");
        assertThat(toTeamAlone.toOrganisation()).isNull();
        assertThat(toTeamAlone.toTeam()).isEqualTo("hospital-discharge");
        assertThat(read).allSatisfy(message -> {
            assertThat(StoredForms.recordedVersion(message)).isEqualTo("0.9");
            assertThat(EventJson.read(upcastJson(message), PersonEvent.class)).as("today's form, read strictly").isEqualTo(message.getPayload());
        });
    }

    @Test
    void aToWithAnEmptyPartLeavesThatPartOut() {
        ObjectNode organisationOnly = EventJson.mapper().createObjectNode().put("to", "county-council/");
        ObjectNode teamAfterSlash = EventJson.mapper().createObjectNode().put("to", "/reablement-north");
        ObjectNode nothing = EventJson.mapper().createObjectNode().put("service", "adult-social-care");

        assertThat(new HandoffMadeFrom0_9().upcast(organisationOnly).toString()).isEqualTo("{\"toOrganisation\":\"county-council\"}");
        assertThat(new HandoffMadeFrom0_9().upcast(teamAfterSlash).toString()).isEqualTo("{\"toTeam\":\"reablement-north\"}");
        assertThat(new HandoffMadeFrom0_9().upcast(nothing).toString()).isEqualTo("{\"service\":\"adult-social-care\"}");
    }

    @Test
    void rowsInTodaysFormPassUntouchedWhetherTheyCarryRevision1_0OrNoRevision() {
        StoredFormFixtures.Row resolvedWithoutRevision = StoredFormFixtures.rows(StoredFormFixtures.REFERRAL_RENAMED).get(1);
        ReferralMade today = TestEvents.referralMade().eventId("ref-today").occurredAt("2026-01-05T09:30:00Z")
                .service("adult-social-care").referralId("ref-5521").toTeam("reablement-north").build();
        byte[] todayBytes = serializer.serialize(today, byte[].class).getData();
        var todayRow = new GenericDomainEventEntry<>("PersonJourney", "p-1", 0, "id-1", "2026-01-05T09:30:01Z",
                ReferralMade.class.getName(), "1.0", todayBytes, serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());

        List<DomainEventMessage<?>> read = readThroughUpcasters(List.of(resolvedWithoutRevision.entry(), todayRow));

        assertThat(read.get(0).getPayload()).isInstanceOf(ReferralResolved.class);
        assertThat(((ReferralResolved) read.get(0).getPayload()).referralId()).isEqualTo("ref-draft-1");
        assertThat(read.get(1).getPayload()).isEqualTo(today);
        assertThat(read).allSatisfy(message -> assertThat(StoredForms.recordedVersion(message)).isNull());
        assertThat(upcastJson(read.get(0))).isEqualTo(resolvedWithoutRevision.payload());
        assertThat(upcastJson(read.get(1))).isEqualTo(new String(todayBytes, StandardCharsets.UTF_8));
    }

    @Test
    void aLaterUpcasterFrom1_0TakesRowsWithoutRevisionAndAChainKeepsTheFirstVersionRecorded() {
        List<StoredFormFixtures.Row> rows = StoredFormFixtures.rows(StoredFormFixtures.REFERRAL_RENAMED);
        // a would-be 2.0 of ReferralMade and ReferralResolved that drops organisation
        EventUpcaster chain = new EventUpcasterChain(StoredForms.upcasters(), droppingOrganisation(ReferralMade.class),
                droppingOrganisation(ReferralResolved.class));

        List<DomainEventMessage<?>> read = EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(
                rows.stream().map(StoredFormFixtures.Row::entry), serializer, chain)).<DomainEventMessage<?>>map(m -> m).toList();

        assertThat(((ReferralMade) read.get(0).getPayload()).referralId()).as("0.9, then 1.0 to 2.0").isEqualTo("ref-draft-1");
        assertThat(((PersonEvent) read.get(0).getPayload()).organisation()).isNull();
        assertThat(StoredForms.recordedVersion(read.get(0))).isEqualTo("0.9");
        assertThat(((PersonEvent) read.get(1).getPayload()).organisation()).as("no revision: the 1.0 form").isNull();
        assertThat(StoredForms.recordedVersion(read.get(1))).isEqualTo("1.0");
    }

    private static StoredFormUpcaster droppingOrganisation(Class<? extends PersonEvent> type) {
        return new StoredFormUpcaster(type, "1.0", "2.0") {
            @Override
            ObjectNode upcast(ObjectNode payload) {
                payload.remove("organisation");
                return payload;
            }
        };
    }

    @Test
    void eventsAreStoredWithTheirTypesSchemaVersionAsRevisionAndNothingElseIs() {
        HandoffMade handoff = (HandoffMade) EventJson.read("""
                {"type":"HandoffMade","eventId":"h-1","occurredAt":"2026-01-05T09:30:00Z","service":"adult-social-care","toTeam":"t"}""",
                PersonEvent.class);

        assertThat(serializer.serialize(handoff, byte[].class).getType().getRevision()).isEqualTo("1.0");
        assertThat(serializer.serialize(MetaData.with("recordedBy", "r"), byte[].class).getType().getRevision()).isNull();
        assertThat(serializer.serialize("a token", byte[].class).getType().getRevision()).isNull();
    }

    private List<DomainEventMessage<?>> readThroughUpcasters(List<?> rowsOrEntries) {
        Stream<GenericDomainEventEntry<?>> entries = rowsOrEntries.stream()
                .map(r -> r instanceof StoredFormFixtures.Row row ? row.entry() : (GenericDomainEventEntry<?>) r);
        return EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(entries, serializer, StoredForms.upcasters()))
                .<DomainEventMessage<?>>map(m -> m).toList();
    }

    /** The payload as the upcasters left it, before it is read into a record. */
    private String upcastJson(DomainEventMessage<?> message) {
        return new String(message.serializePayload(serializer, byte[].class).getData(), StandardCharsets.UTF_8);
    }
}
