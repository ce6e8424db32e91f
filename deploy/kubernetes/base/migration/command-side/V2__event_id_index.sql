-- The sender's eventId is the idempotency key across the whole service (domain.md): this table,
-- written in the same transaction as the event, makes it unique and answers retries cheaply.
create table event_id_index (
    event_id     varchar(128) not null primary key,
    person_id    varchar(64)  not null,
    sequence     bigint       not null,
    content_hash char(64)     not null,
    recorded_at  timestamptz  not null
);
