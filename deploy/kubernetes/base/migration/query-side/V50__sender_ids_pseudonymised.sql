-- Issue 11: identifiers the sending system chose (eventId, referralId, correlationId, causationId, the ids a
-- correction names) are held only as keyed pseudonyms, like people (SenderIds), and an erasure's reason not at all.

-- Rows projected before hold them as sent: remove them, and with the positions gone the consumer replays the
-- topic from the beginning into the new form (a fresh rebuild schema is empty anyway). Parked records are
-- parked again as the replay meets them.
truncate journey_event, journey, journey_unfolded, fact_contact, fact_episode, fact_referral, fact_handoff, fact_person,
    failure_demand_daily, consumer_position, parked_record;

comment on column journey_event.event_id is 'the keyed pseudonym of the sender''s eventId, never the eventId itself';
comment on column journey_event.payload is 'the recorded event under pseudonyms (person and every sender-chosen id), without personal free text or an erasure''s reason';
comment on column fact_contact.event_id is 'the keyed pseudonym of the sender''s eventId';
comment on column fact_referral.event_id is 'the keyed pseudonym of the sender''s eventId';
comment on column fact_referral.referral_id is 'the keyed pseudonym of the sender''s referralId';
comment on column fact_handoff.event_id is 'the keyed pseudonym of the sender''s eventId';

-- A readable record is parked with its ids already pseudonymised (the rebuild cannot recover them as sent):
-- its replay must not map them again.
alter table parked_record add column ids_pseudonymised boolean not null default false;
comment on column parked_record.ids_pseudonymised is 'true when payload is a readable record with its sender-chosen ids already pseudonymised';
