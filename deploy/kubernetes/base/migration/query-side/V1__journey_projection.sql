-- The journey read model. Every table here can be dropped and rebuilt by replaying the topic.

-- Each recorded event as projected; the primary key makes a redelivered event a no-op.
create table journey_event (
    person_id       text        not null,
    sequence        bigint      not null,
    global_position bigint,
    event_id        text        not null,
    type            text        not null,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz,
    payload         jsonb       not null,
    primary key (person_id, sequence)
);
create index journey_event_event_id on journey_event (event_id);

-- One row of measures per person (JourneyFold), for SQL and BI tools; the API folds live instead.
create table journey (
    person_id                       text primary key,
    events                          int         not null,
    contacts                        int         not null,
    value_contacts                  int         not null,
    failure_contacts                int         not null,
    referrals_made                  int         not null,
    referrals_declined_or_withdrawn int         not null,
    open_referrals                  int         not null,
    assessments                     int         not null,
    handoffs                        int         not null,
    support_delivered               int         not null,
    people_involved                 int         not null,
    teams_involved                  int         not null,
    organisations_involved          int         not null,
    total_minutes                   bigint      not null,
    face_to_face_minutes            bigint      not null,
    first_contact                   timestamptz,
    last_activity                   timestamptz,
    episodes                        int         not null,
    open                            boolean     not null,
    returned                        boolean     not null,
    last_sequence                   bigint      not null,
    last_global_position            bigint,
    updated_at                      timestamptz not null
);

-- The last offset applied per partition, written in the same transaction as the rows above.
create table consumer_position (
    topic       text        not null,
    partition   int         not null,
    last_offset bigint      not null,
    updated_at  timestamptz not null,
    primary key (topic, partition)
);

-- Records the projection could not apply, kept with the reason so they can be fixed and replayed.
create table parked_record (
    id            bigserial primary key,
    topic         text        not null,
    partition     int         not null,
    record_offset bigint      not null,
    record_key    text,
    reason        text        not null,
    payload       text,
    parked_at     timestamptz not null,
    unique (topic, partition, record_offset)
);
