package org.casejourney.events.journey;

import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.journey.TimelineEntry.Status;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.casejourney.events.testing.TestEvents.SERVICE;
import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.at;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.recorded;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.stream;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/** Every expected number below was worked out by hand from domain.md, not by running the fold. */
class JourneyFoldTest {

    private static final Instant NOW = at("2026-06-01T00:00:00Z");
    private static final double EXACT = 1e-9;

    private static Journey fold(List<RecordedEvent> stream) {
        return JourneyFold.fold("person-1", stream, NOW);
    }

    /**
     * One person's journey through two episodes. The email c4 happened before the closure but was
     * recorded after it. Minutes: c1 20 phone, c2 10 phone, a1 90 f2f, s1 60 f2f, c3 30 home visit,
     * c4 15 email, a2 45 not f2f, c5 10 phone, c6 25 face-to-face channel but faceToFace=false.
     */
    @Nested
    class AWholeJourney {

        private final Journey journey = fold(stream(
                contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").practitioner("cc-01").channel(Channel.PHONE).demandType(DemandType.VALUE)
                        .whatMatters("I need help to get washed and dressed").durationMinutes(20).build(),
                referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").practitioner("cc-01").referralId("ref-1").fromTeam("contact-centre")
                        .toTeam("reablement-north").fromOrganisation("county-council").toOrganisation("county-council")
                        .reason("personal care").build(),
                contactRecorded().eventId("c2").occurredAt("2026-01-12T09:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").practitioner("cc-02").channel(Channel.PHONE)
                        .failure(FailureCategories.PROGRESS_CHASING).whatMatters("Where is my assessment?").durationMinutes(10)
                        .build(),
                referralResolved().eventId("rr1").occurredAt("2026-01-13T09:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-01").referralId("ref-1")
                        .outcome(ReferralOutcome.ACCEPTED).build(),
                assessmentCompleted().eventId("a1").occurredAt("2026-01-15T10:00:00Z").service(SERVICE)
                        .team("reablement-north").organisation("county-council").practitioner("rn-01")
                        .assessmentType("care-act-needs").outcome("eligible").durationMinutes(90).faceToFace(true).build(),
                referralMade().eventId("r2").occurredAt("2026-01-16T10:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-01").referralId("ref-2").fromTeam("reablement-north")
                        .toTeam("occupational-therapy").fromOrganisation("county-council").toOrganisation("nhs-trust")
                        .reason("bathing equipment").build(),
                referralResolved().eventId("rr2").occurredAt("2026-01-20T10:00:00Z").service("community-health")
                        .team("occupational-therapy").organisation("nhs-trust").practitioner("ot-01").referralId("ref-2")
                        .outcome(ReferralOutcome.DECLINED).build(),
                handoffMade().eventId("h1").occurredAt("2026-01-21T10:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-01").fromPractitioner("rn-01")
                        .fromTeam("reablement-north").toPractitioner("rn-02").toTeam("reablement-north").reason("caseload")
                        .build(),
                supportDelivered().eventId("s1").occurredAt("2026-01-22T10:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-02").activity("personal-care").durationMinutes(60)
                        .faceToFace(true).build(),
                contactRecorded().eventId("c3").occurredAt("2026-01-23T10:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-02").channel(Channel.HOME_VISIT)
                        .demandType(DemandType.VALUE).whatMatters("I want to manage the stairs").durationMinutes(30).build(),
                assessmentCompleted().eventId("a2").occurredAt("2026-01-28T10:00:00Z").service(SERVICE).team("social-work")
                        .organisation("county-council").practitioner("sw-01").assessmentType("carers-assessment")
                        .outcome("eligible").durationMinutes(45).faceToFace(false).build(),
                referralMade().eventId("r3").occurredAt("2026-01-29T10:00:00Z").service(SERVICE).team("social-work")
                        .organisation("county-council").practitioner("sw-01").referralId("ref-3").fromTeam("social-work")
                        .toTeam("housing").fromOrganisation("county-council").toOrganisation("district-council")
                        .reason("adaptations").build(),
                caseClosed().eventId("cl1").occurredAt("2026-02-01T12:00:00Z").service(SERVICE).team("reablement-north")
                        .organisation("county-council").practitioner("rn-02").outcome(CaseOutcome.NEEDS_MET).build(),
                contactRecorded().eventId("c4").occurredAt("2026-01-26T10:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").channel(Channel.EMAIL).failure(FailureCategories.WRONG_INFORMATION)
                        .whatMatters("The letter gave the wrong number").durationMinutes(15).build(),
                contactRecorded().eventId("c5").occurredAt("2026-03-01T09:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").practitioner("cc-01").channel(Channel.PHONE)
                        .failure(FailureCategories.REPEAT_CONTACT).whatMatters("The same problem with the stairs again")
                        .durationMinutes(10).build(),
                contactRecorded().eventId("c6").occurredAt("2026-03-02T09:00:00Z").service(SERVICE).team("contact-centre")
                        .organisation("county-council").practitioner("cc-01").channel(Channel.FACE_TO_FACE)
                        .demandType(DemandType.VALUE).whatMatters("Help with shopping").durationMinutes(25).faceToFace(false)
                        .build()));

        @Test
        void countsContactsByDemandTypeAndFailureCategory() {
            assertThat(journey.contacts()).isEqualTo(new Journey.Contacts(6, 3, 3, Map.of(
                    "PROGRESS_CHASING", 1, "REPEAT_CONTACT", 1, "WRONG_INFORMATION", 1)));
        }

        @Test
        void countsReferralsMadeAcceptedDeclinedAndOpen() {
            assertThat(journey.referrals()).isEqualTo(new Journey.Referrals(3, 1, 1, 1));
        }

        @Test
        void countsAssessmentsCompleted() {
            assertThat(journey.assessments()).isEqualTo(2);
        }

        @Test
        void countsHandoffs() {
            assertThat(journey.handoffs()).isEqualTo(1);
        }

        @Test
        void countsSupportDelivered() {
            assertThat(journey.supportDelivered()).isEqualTo(1);
        }

        @Test
        void countsDistinctPractitionersTeamsAndOrganisationsNamedOnAnyEvent() {
            assertThat(journey.involved()).isEqualTo(new Journey.Involved(6, 5, 3,
                    List.of("cc-01", "cc-02", "ot-01", "rn-01", "rn-02", "sw-01"),
                    List.of("contact-centre", "housing", "occupational-therapy", "reablement-north", "social-work"),
                    List.of("county-council", "district-council", "nhs-trust")));
        }

        @Test
        void totalHoursAreAllMinutesOverSixty() {
            // 20 + 10 + 90 + 60 + 30 + 15 + 45 + 10 + 25 = 305 minutes
            assertThat(journey.totalMinutes()).isEqualTo(305);
            assertThat(journey.totalHours()).isCloseTo(5.083333333, within(1e-8));
        }

        @Test
        void faceToFaceShareIsFaceToFaceMinutesOverAllMinutes() {
            // a1 90 + s1 60 + c3 30 (home visit) = 180 of 305
            assertThat(journey.faceToFaceMinutes()).isEqualTo(180);
            assertThat(journey.faceToFaceShare()).isCloseTo(0.590163934, within(1e-8));
        }

        @Test
        void firstContactAndLastActivityAreTheEarliestContactAndTheLatestEvent() {
            assertThat(journey.firstContact()).isEqualTo(at("2026-01-05T09:00:00Z"));
            assertThat(journey.lastActivity()).isEqualTo(at("2026-03-02T09:00:00Z"));
        }

        @Test
        void endToEndDaysRunFromTheFirstContactToNowWhileOpen() {
            // 5 Jan 09:00 to 1 Jun 00:00: 147 days less 9 hours
            assertThat(journey.open()).isTrue();
            assertThat(journey.endToEndDays()).isCloseTo(146.625, within(EXACT));
        }

        @Test
        void theLateEmailCountsInTheEpisodeWhenItHappened() {
            assertThat(journey.episodes()).extracting(Journey.Episode::contacts, Journey.Episode::failureContacts)
                    .containsExactly(tuple(4, 2), tuple(2, 1));
        }

        @Test
        void theClosureEndsTheFirstEpisodeAndTheNextContactOpensTheSecond() {
            assertThat(journey.episodes()).containsExactly(
                    new Journey.Episode(1, at("2026-01-05T09:00:00Z"), at("2026-02-01T12:00:00Z"), "NEEDS_MET", 27.125,
                            4, 2, true, at("2026-03-01T09:00:00Z"),
                            Journey.ReturnStatus.RETURNED, at("2026-05-02T12:00:00Z"), at("2026-03-01T09:00:00Z"),
                            // the declined referral's resolution came from community health's occupational therapists
                            List.of(SERVICE, "community-health").stream().sorted().toList(),
                            List.of("contact-centre", "occupational-therapy", "reablement-north", "social-work"),
                            List.of("PHONE", "HOME_VISIT", "EMAIL")),
                    new Journey.Episode(2, at("2026-03-01T09:00:00Z"), null, null, 91.625,
                            2, 1, false, null, null, null, null, List.of(SERVICE), List.of("contact-centre"), List.of("PHONE", "FACE_TO_FACE")));
        }

        @Test
        void aContactTwentySevenDaysAfterTheClosureIsAReturn() {
            assertThat(journey.returned()).isTrue();
        }

        @Test
        void countsEveryRecordedEvent() {
            assertThat(journey.eventsRecorded()).isEqualTo(16);
            assertThat(journey.asOf()).isEqualTo(NOW);
            assertThat(journey.personId()).isEqualTo("person-1");
        }
    }

    @Nested
    class Referrals {

        @Test
        void aWithdrawnReferralCountsAsDeclinedOrWithdrawn() {
            var journey = fold(stream(
                    referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").referralId("ref-1").fromTeam("contact-centre")
                            .build(),
                    referralMade().eventId("r2").occurredAt("2026-01-05T11:00:00Z").referralId("ref-2").fromTeam("contact-centre")
                            .build(),
                    referralResolved().eventId("rr1").occurredAt("2026-01-06T10:00:00Z").referralId("ref-1")
                            .outcome(ReferralOutcome.WITHDRAWN).build(),
                    referralResolved().eventId("rr2").occurredAt("2026-01-06T11:00:00Z").referralId("ref-2")
                            .outcome(ReferralOutcome.DECLINED).build()));

            assertThat(journey.referrals()).isEqualTo(new Journey.Referrals(2, 0, 2, 0));
        }

        @Test
        void aResolutionOfARetractedReferralCountsNoReferral() {
            var journey = fold(stream(
                    referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").referralId("ref-1").fromTeam("contact-centre")
                            .build(),
                    referralResolved().eventId("rr1").occurredAt("2026-01-06T10:00:00Z").referralId("ref-1")
                            .outcome(ReferralOutcome.DECLINED).build(),
                    eventRetracted("r1").eventId("x1").occurredAt("2026-01-07T10:00:00Z").build()));

            assertThat(journey.referrals()).isEqualTo(new Journey.Referrals(0, 0, 0, 0));
        }

        @Test
        void aResolutionThatHappenedBeforeItsReferralStillResolvesIt() {
            var journey = fold(stream(
                    referralResolved().eventId("rr1").occurredAt("2026-01-05T09:00:00Z").referralId("ref-1")
                            .outcome(ReferralOutcome.ACCEPTED).build(),
                    referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").referralId("ref-1").fromTeam("contact-centre")
                            .build()));

            assertThat(journey.referrals()).isEqualTo(new Journey.Referrals(1, 1, 0, 0));
        }
    }

    @Nested
    class PeopleInvolved {

        @Test
        void handoffsNameTheirFromAndToPractitionersAndTeams() {
            var journey = fold(stream(
                    handoffMade().eventId("h1").occurredAt("2026-01-05T10:00:00Z").service(SERVICE).team("reablement-north")
                            .practitioner("tm-01").fromPractitioner("rn-01").fromTeam("reablement-north")
                            .fromOrganisation("county-council").toPractitioner("ot-07").toTeam("occupational-therapy")
                            .toOrganisation("nhs-trust").reason("specialist need").build()));

            assertThat(journey.involved()).isEqualTo(new Journey.Involved(3, 2, 2,
                    List.of("ot-07", "rn-01", "tm-01"),
                    List.of("occupational-therapy", "reablement-north"),
                    List.of("county-council", "nhs-trust")));
        }

        @Test
        void referralsNameTheirFromAndToTeamsAndOrganisations() {
            var journey = fold(stream(
                    referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").service(SERVICE).team("contact-centre")
                            .organisation("county-council").practitioner("cc-01").referralId("ref-1").fromTeam("front-door")
                            .fromOrganisation("district-council").toTeam("reablement-north").toOrganisation("nhs-trust").build()));

            assertThat(journey.involved()).isEqualTo(new Journey.Involved(1, 3, 3,
                    List.of("cc-01"),
                    List.of("contact-centre", "front-door", "reablement-north"),
                    List.of("county-council", "district-council", "nhs-trust")));
        }

        @Test
        void aPractitionerNamedOnSeveralEventsCountsOnce() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").practitioner("cc-01").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-01-06T09:00:00Z").practitioner("cc-01").build(),
                    handoffMade().eventId("h1").occurredAt("2026-01-07T09:00:00Z").fromPractitioner("cc-01")
                            .toPractitioner("rn-01").toTeam(null).reason("caseload balancing").build()));

            assertThat(journey.involved().people()).isEqualTo(2);
        }

        @Test
        void correctionsAndRetractionsDoNotNameAnyoneInvolved() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    eventCorrected("c1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").service(SERVICE)
                            .team("data-quality").organisation("county-council").practitioner("dq-01")
                            .changes(Map.of("whatMatters", "To get out to the shops")).reason("typo").build()));

            assertThat(journey.involved().people()).isZero();
            assertThat(journey.involved().teams()).isZero();
        }
    }

    @Nested
    class Time {

        @Test
        void aContactWithoutFaceToFaceTakesItFromItsChannel() {
            List<ContactRecorded> contacts = new ArrayList<>();
            int day = 10;
            for (Channel channel : Channel.values()) {
                contacts.add(contactRecorded().eventId("c-" + channel).occurredAt("2026-01-" + day++ + "T09:00:00Z")
                        .channel(channel).durationMinutes(10).build());
            }

            var journey = fold(stream(contacts));

            // six channels of 10 minutes; FACE_TO_FACE and HOME_VISIT are face to face
            assertThat(journey.totalMinutes()).isEqualTo(60);
            assertThat(journey.faceToFaceMinutes()).isEqualTo(20);
            assertThat(journey.faceToFaceShare()).isCloseTo(1.0 / 3, within(EXACT));
        }

        @Test
        void aContactsOwnFaceToFaceOverridesItsChannel() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").durationMinutes(10).faceToFace(true)
                            .build(),
                    contactRecorded().eventId("c2").occurredAt("2026-01-06T09:00:00Z").channel(Channel.HOME_VISIT)
                            .durationMinutes(30).faceToFace(false).build()));

            assertThat(journey.faceToFaceMinutes()).isEqualTo(10);
            assertThat(journey.faceToFaceShare()).isCloseTo(0.25, within(EXACT));
        }

        @Test
        void assessmentsAndSupportWithoutFaceToFaceAreNotFaceToFace() {
            var journey = fold(stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(40)
                            .build(),
                    supportDelivered().eventId("s1").occurredAt("2026-01-06T09:00:00Z").durationMinutes(20).faceToFace(true)
                            .build()));

            assertThat(journey.totalMinutes()).isEqualTo(60);
            assertThat(journey.faceToFaceMinutes()).isEqualTo(20);
        }

        @Test
        void aJourneyWithoutMinutesHasNoFaceToFaceShare() {
            var journey = fold(stream(contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build()));

            assertThat(journey.totalHours()).isZero();
            assertThat(journey.faceToFaceShare()).isNull();
        }

        @Test
        void endToEndDaysRunFromTheFirstContactToTheClosure() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-15T21:00:00Z").build()));

            assertThat(journey.open()).isFalse();
            assertThat(journey.endToEndDays()).isCloseTo(10.5, within(EXACT));
        }

        @Test
        void endToEndDaysRunToTheLastClosureAcrossEpisodes() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T00:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-10T00:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-01T00:00:00Z").build(),
                    caseClosed().eventId("cl2").occurredAt("2026-02-04T06:00:00Z").build()));

            // 5 Jan to 4 Feb 06:00 is 30.25 days
            assertThat(journey.endToEndDays()).isCloseTo(30.25, within(EXACT));
        }

        @Test
        void aStreamWithoutContactsHasNoFirstContactNorEndToEndDays() {
            var journey = fold(stream(assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible")
                    .durationMinutes(30).faceToFace(true).build()));

            assertThat(journey.firstContact()).isNull();
            assertThat(journey.endToEndDays()).isNull();
            assertThat(journey.lastActivity()).isEqualTo(at("2026-01-05T09:00:00Z"));
            assertThat(journey.episodes()).isEmpty();
        }
    }

    @Nested
    class Episodes {

        @Test
        void aContactOpensAnEpisode() {
            var journey = fold(stream(contactRecorded().eventId("c1").occurredAt("2026-05-01T00:00:00Z").build()));

            assertThat(journey.open()).isTrue();
            assertThat(journey.episodes()).containsExactly(
                    new Journey.Episode(1, at("2026-05-01T00:00:00Z"), null, null, 31.0, 1, 0, false, null, null, null, null,
                            List.of(SERVICE), List.of(), List.of("PHONE")));
        }

        @Test
        void aCaseClosedClosesTheOpenEpisode() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-07T09:00:00Z").build()));

            assertThat(journey.open()).isFalse();
            assertThat(journey.episodes()).containsExactly(
                    new Journey.Episode(1, at("2026-01-05T09:00:00Z"), at("2026-01-07T09:00:00Z"), "NEEDS_MET", 2.0, 1, 0, false, null,
                            Journey.ReturnStatus.NOT_RETURNED, at("2026-04-07T09:00:00Z"), null, List.of(SERVICE), List.of(), List.of("PHONE")));
        }

        @Test
        void aContactAfterClosureOpensANewEpisode() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-07T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-05-30T00:00:00Z").failure(FailureCategories.REPEAT_CONTACT)
                            .build()));

            assertThat(journey.open()).isTrue();
            assertThat(journey.episodes()).extracting(Journey.Episode::number, Journey.Episode::openedAt, Journey.Episode::closedAt)
                    .containsExactly(
                            tuple(1, at("2026-01-05T09:00:00Z"), at("2026-01-07T09:00:00Z")),
                            tuple(2, at("2026-05-30T00:00:00Z"), null));
        }

        @Test
        void aClosureWithoutAnOpenEpisodeOpensNothing() {
            var journey = fold(stream(
                    caseClosed().eventId("cl0").occurredAt("2026-01-01T09:00:00Z").build(),
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build()));

            assertThat(journey.episodes()).hasSize(1);
            assertThat(journey.episodes().get(0).closedAt()).isNull();
        }
    }

    @Nested
    class EpisodeOfEachEvent {

        @Test
        void eachCountedEventCarriesTheEpisodeTheFoldCountedItIn() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-06T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    assessmentCompleted().eventId("a2").occurredAt("2026-01-25T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build(),
                    eventRetracted("a1").eventId("y1").occurredAt("2026-02-11T09:00:00Z").build()));

            assertThat(journey.timeline()).extracting(TimelineEntry::eventId, TimelineEntry::episode).containsExactly(
                    tuple("c1", 1), tuple("a1", null), tuple("cl1", 1), tuple("a2", null), tuple("c2", 2), tuple("y1", null));
        }

        @Test
        void onATieInTimeTheStreamOrderDecidesAsInTheFold() {
            // the handoff shares the closure's instant but comes after it; the referral shares the next contact's but comes before it
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    handoffMade().eventId("h1").occurredAt("2026-01-20T09:00:00Z").fromPractitioner("pr-1").toPractitioner("pr-2")
                            .toTeam(null).reason("caseload balancing").build(),
                    referralMade().eventId("r1").occurredAt("2026-02-10T09:00:00Z").referralId("ref-1").fromTeam("contact-centre")
                            .build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build()));

            assertThat(journey.timeline()).extracting(TimelineEntry::eventId, TimelineEntry::episode).containsExactly(
                    tuple("c1", 1), tuple("cl1", 1), tuple("h1", null), tuple("r1", null), tuple("c2", 2));
        }
    }

    @Nested
    class Returns {

        private Journey closedOnNewYearThenContacted(String contactAt, Duration window) {
            return JourneyFold.fold("person-1", stream(
                    contactRecorded().eventId("c1").occurredAt("2025-12-01T00:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-01T00:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt(contactAt).failure(FailureCategories.REPEAT_CONTACT)
                            .build()), NOW, window);
        }

        @Test
        void aContactExactlyNinetyDaysAfterClosureIsAReturn() {
            // 31 + 28 + 31 days
            var journey = closedOnNewYearThenContacted("2026-04-01T00:00:00Z", JourneyFold.DEFAULT_RETURN_WINDOW);

            assertThat(journey.returned()).isTrue();
        }

        @Test
        void aContactNinetyDaysAndOneSecondAfterClosureIsNotAReturn() {
            var journey = closedOnNewYearThenContacted("2026-04-01T00:00:01Z", JourneyFold.DEFAULT_RETURN_WINDOW);

            assertThat(journey.returned()).isFalse();
        }

        @Test
        void theReturnCountsAgainstTheEpisodeThatClosed() {
            var journey = closedOnNewYearThenContacted("2026-02-15T00:00:00Z", JourneyFold.DEFAULT_RETURN_WINDOW);

            assertThat(journey.episodes()).extracting(Journey.Episode::returned, Journey.Episode::returnedAt)
                    .containsExactly(
                            tuple(true, at("2026-02-15T00:00:00Z")),
                            tuple(false, null));
        }

        @Test
        void theReturnWindowIsConfigurable() {
            // the contact comes 45 days after the closure
            assertThat(closedOnNewYearThenContacted("2026-02-15T00:00:00Z", Duration.ofDays(30)).returned()).isFalse();
            assertThat(closedOnNewYearThenContacted("2026-02-15T00:00:00Z", Duration.ofDays(45)).returned()).isTrue();
        }

        @Test
        void anEpisodeWhoseWindowHasNotElapsedIsPendingAndInNoRate() {
            // closed 1 May, as of 1 June: 31 of 90 days have run and nobody came back yet
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build(),
                    caseClosed().eventId("cl2").occurredAt("2026-05-01T00:00:00Z").build()));

            assertThat(journey.episodes()).extracting(Journey.Episode::returnStatus, Journey.Episode::returnWindowEndsAt,
                            Journey.Episode::nextContactAt)
                    .containsExactly(
                            tuple(Journey.ReturnStatus.RETURNED, at("2026-04-20T09:00:00Z"), at("2026-02-10T09:00:00Z")),
                            tuple(Journey.ReturnStatus.PENDING, at("2026-07-30T00:00:00Z"), null));
            assertThat(journey.returns()).isEqualTo(new Journey.Returns(90, 1, 0, 1, 1.0));
        }

        @Test
        void oneTallyFinishedAtManyInstantsGivesEachInstantsFoldFromAnyThread() throws Exception {
            List<RecordedEvent> events = stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").durationMinutes(10).build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build(),
                    caseClosed().eventId("cl2").occurredAt("2026-05-01T00:00:00Z").build(),
                    contactRecorded().eventId("c3").occurredAt("2026-08-15T09:00:00Z").build());
            Duration window = Duration.ofDays(90);
            JourneyFold.Tallied tallied = JourneyFold.tallied("person-1", events, window);
            // before the second window ends (pending, c3 not yet happened), at its end, and long after (an open episode)
            List<Instant> instants = List.of(at("2026-06-01T00:00:00Z"), at("2026-07-30T00:00:00Z"), at("2027-01-01T00:00:00Z"));
            var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<Journey>> answers = new java.util.ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    for (Instant instant : instants) {
                        answers.add(pool.submit(() -> tallied.at(instant)));
                    }
                }
                for (int k = 0; k < answers.size(); k++) {
                    Instant instant = instants.get(k % instants.size());
                    assertThat(answers.get(k).get()).isEqualTo(JourneyFold.fold("person-1", events, instant, window));
                }
            } finally {
                pool.shutdown();
            }
            assertThat(tallied.at(instants.get(0)).episodes()).extracting(Journey.Episode::returnStatus)
                    .containsExactly(Journey.ReturnStatus.RETURNED, Journey.ReturnStatus.PENDING, null);
            assertThat(tallied.at(instants.get(2)).episodes()).extracting(Journey.Episode::returnStatus)
                    .containsExactly(Journey.ReturnStatus.RETURNED, Journey.ReturnStatus.NOT_RETURNED, null);
        }

        @Test
        void anEpisodeWithoutAReturnOnceItsWindowElapsedIsNotReturned() {
            // closed 2 March: the window ends 31 May, the day before the as-of instant
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-03-02T00:00:00Z").build()));

            assertThat(journey.episodes().get(0).returnStatus()).isEqualTo(Journey.ReturnStatus.NOT_RETURNED);
            assertThat(journey.returns()).isEqualTo(new Journey.Returns(90, 0, 1, 0, 0.0));
        }

        @Test
        void aWindowEndingAtTheAsOfInstantHasElapsed() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-03-03T00:00:00Z").build()));

            assertThat(journey.episodes().get(0).returnWindowEndsAt()).isEqualTo(NOW);
            assertThat(journey.episodes().get(0).returnStatus()).isEqualTo(Journey.ReturnStatus.NOT_RETURNED);
        }

        @Test
        void withOnlyPendingAndOpenEpisodesThereIsNoRate() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-04-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-04-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-05-30T09:00:00Z").build()));

            assertThat(journey.returns()).isEqualTo(new Journey.Returns(90, 1, 0, 0, 1.0));
            var pendingOnly = fold(stream(contactRecorded().eventId("c1").occurredAt("2026-04-05T09:00:00Z")
                    .build(), caseClosed().eventId("cl1").occurredAt("2026-04-20T09:00:00Z").build()));
            assertThat(pendingOnly.returns()).isEqualTo(new Journey.Returns(90, 0, 0, 1, null));
            assertThat(pendingOnly.episodes().get(0).returned()).isFalse();
        }

        @Test
        void theNextContactIsKeptBeyondTheWindowSoAnotherWindowCanBeAnswered() {
            var journey = closedOnNewYearThenContacted("2026-04-15T00:00:00Z", JourneyFold.DEFAULT_RETURN_WINDOW);

            assertThat(journey.episodes().get(0).nextContactAt()).isEqualTo(at("2026-04-15T00:00:00Z"));
            assertThat(journey.episodes().get(0).returnStatus()).isEqualTo(Journey.ReturnStatus.NOT_RETURNED);
            assertThat(closedOnNewYearThenContacted("2026-04-15T00:00:00Z", Duration.ofDays(120)).episodes().get(0).returnStatus())
                    .isEqualTo(Journey.ReturnStatus.RETURNED);
        }

        @Test
        void aContactAtTheClosuresInstantIsNotItsNextContact() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-01-20T09:00:00Z").build()));

            assertThat(journey.episodes().get(0).nextContactAt()).isNull();
            assertThat(journey.episodes().get(0).returned()).isFalse();
        }

        @Test
        void aNonContactEventAfterClosureIsNotAReturn() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-01T00:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-02T00:00:00Z").build(),
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-03T00:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build()));

            assertThat(journey.returned()).isFalse();
        }
    }

    @Nested
    class Corrections {

        @Test
        void aCorrectedEventCountsAsCorrected() {
            var journey = fold(stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build(),
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build()));

            assertThat(journey.totalMinutes()).isEqualTo(45);
            assertThat(journey.faceToFaceMinutes()).isEqualTo(45);
        }

        @Test
        void severalCorrectionsOfOneEventAccumulate() {
            var journey = fold(stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(false).build(),
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build(),
                    eventCorrected("a1").eventId("x2").occurredAt("2026-01-07T09:00:00Z").changes(Map.of("faceToFace", true))
                            .build()));

            assertThat(journey.totalMinutes()).isEqualTo(45);
            assertThat(journey.faceToFaceMinutes()).isEqualTo(45);
        }

        @Test
        void aLaterCorrectionOfTheSameFieldWins() {
            var journey = fold(stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(false).build(),
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build(),
                    eventCorrected("a1").eventId("x2").occurredAt("2026-01-07T09:00:00Z").changes(Map.of("durationMinutes", 50))
                            .build()));

            assertThat(journey.totalMinutes()).isEqualTo(50);
        }

        @Test
        void aCorrectionToNullClearsAnOptionalField() {
            Map<String, Object> changes = new HashMap<>();
            changes.put("practitioner", null);
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").practitioner("cc-99").build(),
                    eventCorrected("c1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(changes).build()));

            assertThat(journey.involved().people()).isZero();
        }

        @Test
        void aCorrectionOfOccurredAtReordersTheEpisodes() {
            var uncorrected = stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build());
            var corrected = new ArrayList<>(uncorrected);
            corrected.add(recorded(3, eventCorrected("c2").eventId("x1").occurredAt("2026-02-11T09:00:00Z")
                    .changes(Map.of("occurredAt", "2026-01-10T09:00:00Z")).build()));

            assertThat(fold(uncorrected).episodes()).hasSize(2);
            var journey = fold(corrected);

            assertThat(journey.episodes()).containsExactly(
                    new Journey.Episode(1, at("2026-01-05T09:00:00Z"), at("2026-01-20T09:00:00Z"), "NEEDS_MET", 15.0, 2, 0, false, null,
                            Journey.ReturnStatus.NOT_RETURNED, at("2026-04-20T09:00:00Z"), null, List.of(SERVICE), List.of(), List.of("PHONE")));
            assertThat(journey.returned()).isFalse();
            assertThat(journey.open()).isFalse();
        }

        @Test
        void aCorrectionFromValueToFailureMovesTheContactBetweenCounts() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-01-06T09:00:00Z").build(),
                    eventCorrected("c2").eventId("x1").occurredAt("2026-01-07T09:00:00Z")
                            .changes(Map.of("demandType", "FAILURE", "failureCategory", FailureCategories.NO_RESPONSE)).build()));

            assertThat(journey.contacts()).isEqualTo(new Journey.Contacts(2, 1, 1, Map.of("NO_RESPONSE", 1)));
            assertThat(journey.episodes().get(0).failureContacts()).isEqualTo(1);
        }

        @Test
        void aCorrectionOfAnEventNotYetOnTheStreamChangesNothing() {
            var journey = fold(stream(
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-05T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build(),
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-06T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build()));

            assertThat(journey.totalMinutes()).isEqualTo(30);
        }
    }

    @Nested
    class Retractions {

        @Test
        void aRetractedEventDoesNotCount() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-01-06T09:00:00Z").failure(FailureCategories.OTHER).build(),
                    eventRetracted("c2").eventId("y1").occurredAt("2026-01-07T09:00:00Z").build()));

            assertThat(journey.contacts()).isEqualTo(new Journey.Contacts(1, 1, 0, Map.of()));
            assertThat(journey.lastActivity()).isEqualTo(at("2026-01-05T09:00:00Z"));
        }

        @Test
        void aRetractedCaseClosedReopensTheEpisode() {
            var journey = fold(stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    caseClosed().eventId("cl1").occurredAt("2026-01-20T09:00:00Z").build(),
                    contactRecorded().eventId("c2").occurredAt("2026-02-10T09:00:00Z").build(),
                    eventRetracted("cl1").eventId("y1").occurredAt("2026-02-11T09:00:00Z").build()));

            assertThat(journey.open()).isTrue();
            assertThat(journey.returned()).isFalse();
            // 5 Jan 09:00 to 1 Jun 00:00
            assertThat(journey.episodes()).containsExactly(
                    new Journey.Episode(1, at("2026-01-05T09:00:00Z"), null, null, 146.625, 2, 0, false, null, null, null, null,
                            List.of(SERVICE), List.of(), List.of("PHONE")));
        }

        @Test
        void aRetractionWinsOverAnEarlierCorrection() {
            var journey = fold(stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build(),
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build(),
                    eventRetracted("a1").eventId("y1").occurredAt("2026-01-07T09:00:00Z").build()));

            assertThat(journey.assessments()).isZero();
            assertThat(journey.totalMinutes()).isZero();
        }
    }

    @Nested
    class Timeline {

        private final Journey journey = fold(stream(
                assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                        .faceToFace(false).build(),
                contactRecorded().eventId("c1").occurredAt("2026-01-06T09:00:00Z").build(),
                contactRecorded().eventId("c2").occurredAt("2026-01-07T09:00:00Z").build(),
                eventCorrected("a1").eventId("x1").occurredAt("2026-01-08T09:00:00Z").changes(Map.of("durationMinutes", 45))
                        .build(),
                eventCorrected("a1").eventId("x2").occurredAt("2026-01-09T09:00:00Z")
                        .changes(Map.of("occurredAt", "2026-01-04T09:00:00Z")).build(),
                eventRetracted("c2").eventId("y1").occurredAt("2026-01-10T09:00:00Z").build()));

        @Test
        void listsEveryEventInStreamOrderWithItsStatus() {
            assertThat(journey.timeline()).extracting(TimelineEntry::sequence, TimelineEntry::eventId, TimelineEntry::type, TimelineEntry::status)
                    .containsExactly(
                            tuple(0L, "a1", "AssessmentCompleted", Status.CORRECTED),
                            tuple(1L, "c1", "ContactRecorded", Status.ACTIVE),
                            tuple(2L, "c2", "ContactRecorded", Status.RETRACTED),
                            tuple(3L, "x1", "EventCorrected", Status.AMENDMENT),
                            tuple(4L, "x2", "EventCorrected", Status.AMENDMENT),
                            tuple(5L, "y1", "EventRetracted", Status.AMENDMENT));
        }

        @Test
        void aCorrectedEntryNamesItsCorrectionsAndKeepsTheEventAsRecorded() {
            TimelineEntry a1 = journey.timeline().get(0);

            assertThat(a1.correctedBy()).containsExactly("x1", "x2");
            assertThat(a1.retractedBy()).isNull();
            assertThat(a1.event()).isEqualTo(assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z")
                    .outcome("eligible").durationMinutes(30).faceToFace(false).build());
            assertThat(a1.effective()).isEqualTo(assessmentCompleted().eventId("a1").occurredAt("2026-01-04T09:00:00Z")
                    .outcome("eligible").durationMinutes(45).faceToFace(false).build());
            assertThat(a1.occurredAt()).isEqualTo(at("2026-01-04T09:00:00Z"));
        }

        @Test
        void aRetractedEntryNamesItsRetraction() {
            TimelineEntry c2 = journey.timeline().get(2);

            assertThat(c2.retractedBy()).isEqualTo("y1");
            assertThat(c2.correctedBy()).isEmpty();
        }

        @Test
        void anEntryKeepsWhenAndByWhomItWasRecorded() {
            TimelineEntry c1 = journey.timeline().get(1);

            assertThat(c1.recordedAt()).isEqualTo(at("2026-01-06T09:01:00Z"));
            assertThat(c1.recordedBy()).isEqualTo("contact-centre-system");
        }
    }

    @Nested
    class Redelivery {

        @Test
        void aRedeliveredEventCountsOnce() {
            var once = stream(
                    contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-06T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build());
            var twice = new ArrayList<>(once);
            twice.add(once.get(0));
            twice.add(once.get(1));
            twice.add(once.get(0));

            var journey = fold(twice);

            assertThat(journey.contacts().total()).isEqualTo(1);
            assertThat(journey.totalMinutes()).isEqualTo(30);
            assertThat(journey.eventsRecorded()).isEqualTo(2);
            assertThat(journey).isEqualTo(fold(once));
        }

        @Test
        void aRedeliveredCorrectionAppliesOnce() {
            var stream = stream(
                    assessmentCompleted().eventId("a1").occurredAt("2026-01-05T09:00:00Z").outcome("eligible").durationMinutes(30)
                            .faceToFace(true).build(),
                    eventCorrected("a1").eventId("x1").occurredAt("2026-01-06T09:00:00Z").changes(Map.of("durationMinutes", 45))
                            .build());
            var twice = new ArrayList<>(stream);
            twice.add(stream.get(1));

            assertThat(fold(twice).timeline().get(0).correctedBy()).containsExactly("x1");
        }
    }
}
