-- Per-person derived facts for the analysts' measures, rewritten whole for a person each time the
-- journey projection writes that person (org.casejourney.query.analytics.PersonFacts), in the same
-- transaction. Corrections and retractions are already applied: rows hold the effective events.

-- One row per counted contact.
create table fact_contact (
    person_id        text        not null,
    event_id         text        not null,
    occurred_at      timestamptz not null,
    day              date        not null, -- UTC day of occurred_at
    service          text        not null,
    team             text,
    organisation     text,
    practitioner     text,
    channel          text        not null,
    demand_type      text        not null,
    failure_category text,                 -- null for value demand
    episode_number   int,
    duration_minutes int,
    face_to_face     boolean     not null,
    primary key (person_id, event_id)
);
create index fact_contact_service_time on fact_contact (service, occurred_at);
create index fact_contact_occurred_at on fact_contact (occurred_at);
create index fact_contact_person_time on fact_contact (person_id, occurred_at);

-- One row per episode, open or closed.
create table fact_episode (
    person_id        text        not null,
    episode_number   int         not null,
    opened_at        timestamptz not null,
    closed_at        timestamptz,
    outcome          text,
    end_to_end_days  double precision,     -- null while open
    contacts         int         not null,
    failure_contacts int         not null,
    returned         boolean     not null, -- within the projection's configured return window
    returned_at      timestamptz,
    services         text[]      not null,
    teams            text[]      not null,
    channels         text[]      not null,
    primary key (person_id, episode_number)
);
create index fact_episode_closed_at on fact_episode (closed_at) where closed_at is not null;
create index fact_episode_services on fact_episode using gin (services);
create index fact_episode_teams on fact_episode using gin (teams);

-- One row per counted referral; from_team/from_organisation fall back to the referring event's own.
create table fact_referral (
    person_id         text        not null,
    event_id          text        not null,
    referral_id       text        not null,
    occurred_at       timestamptz not null,
    service           text        not null,
    team              text,
    organisation      text,
    from_team         text,
    to_team           text        not null,
    from_organisation text,
    to_organisation   text,
    outcome           text,                -- ACCEPTED, DECLINED, WITHDRAWN; null while open
    episode_number    int,
    primary key (person_id, event_id)
);
create index fact_referral_occurred_at on fact_referral (occurred_at);

-- One row per counted handoff; from falls back to the event's own team/organisation, to to from.
create table fact_handoff (
    person_id         text        not null,
    event_id          text        not null,
    occurred_at       timestamptz not null,
    service           text        not null,
    team              text,
    organisation      text,
    from_practitioner text,
    to_practitioner   text,
    from_team         text,
    to_team           text,
    from_organisation text,
    to_organisation   text,
    episode_number    int,
    primary key (person_id, event_id)
);
create index fact_handoff_occurred_at on fact_handoff (occurred_at);

-- One row per person: the attributes cohorts are chosen by and the measures they are compared on.
create table fact_person (
    person_id             text primary key,
    first_contact         timestamptz,
    teams                 text[]           not null, -- the team field of any counted event
    services              text[]           not null,
    tags                  text[]           not null,
    assessments           int              not null,
    people_involved       int              not null,
    referrals             int              not null,
    total_minutes         bigint           not null,
    face_to_face_minutes  bigint           not null,
    face_to_face_share    double precision,          -- null when no minutes were recorded
    episodes              int              not null,
    closed_episodes       int              not null,
    returned_episodes     int              not null
);
create index fact_person_teams on fact_person using gin (teams);
create index fact_person_services on fact_person using gin (services);
create index fact_person_tags on fact_person using gin (tags);
create index fact_person_first_contact on fact_person (first_contact);

-- Contacts per UTC day, kept by adding each person's new contact facts and subtracting their old
-- ones, so failure demand over a year reads a few thousand rows. '' stands for no team and, in
-- failure_category, for value demand (a primary key cannot hold null).
create table failure_demand_daily (
    day              date not null,
    service          text not null,
    team             text not null,
    channel          text not null,
    failure_category text not null,
    contacts         int  not null,
    primary key (service, day, team, channel, failure_category)
);
create index failure_demand_daily_day on failure_demand_daily (day);
