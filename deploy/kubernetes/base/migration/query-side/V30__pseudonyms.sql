-- Issue 4: the query side holds people only under keyed pseudonyms (HMAC of the personId with
-- casejourney.pseudonyms.secret) and never their personal free text; JourneyProjection replaces both
-- as it reads a record. The person_id columns keep their name and hold the pseudonym.

-- Rows projected before hold personIds and free text: remove them, and with the positions gone the
-- consumer replays the topic from the beginning under pseudonyms (a fresh rebuild schema is empty anyway).
truncate journey_event, journey, fact_contact, fact_episode, fact_referral, fact_handoff, fact_person,
    failure_demand_daily, consumer_position, parked_record;

-- A parked record stays as it came (its key may be a personId); a person's parked records are found by pseudonym.
alter table parked_record add column pseudonym text;
drop index if exists parked_record_key;
create index parked_record_pseudonym on parked_record (pseudonym, topic, partition, record_offset);

comment on column journey_event.person_id is 'the person''s pseudonym (ps-..., keyed HMAC of the personId), never the personId';
comment on column journey_event.payload is 'the recorded event under the pseudonym, without personal free text (whatMatters, reasons)';
comment on column journey.person_id is 'the person''s pseudonym, never the personId';
comment on column fact_contact.person_id is 'the person''s pseudonym, never the personId';
comment on column fact_episode.person_id is 'the person''s pseudonym, never the personId';
comment on column fact_referral.person_id is 'the person''s pseudonym, never the personId';
comment on column fact_handoff.person_id is 'the person''s pseudonym, never the personId';
comment on column fact_person.person_id is 'the person''s pseudonym, never the personId';
comment on column parked_record.record_key is 'the record''s key as it came (a personId): parked records are kept unchanged for replay';
comment on column parked_record.pseudonym is 'the pseudonym of record_key, when it is a well-formed personId';
