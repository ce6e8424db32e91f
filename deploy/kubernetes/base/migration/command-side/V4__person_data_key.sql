-- One data key per person (a new version only after an erasure), wrapped by a master key from
-- configuration. Personal free text on the person's events is encrypted under it; destroying it
-- (wrapped_key set to null) is the erasure: the ciphertext stays in the immutable log, unreadable.
create table person_data_key (
    person_id     varchar(64) not null,
    version       int         not null,
    master_key_id varchar(64),
    wrapped_key   bytea,
    created_at    timestamptz not null,
    erased_at     timestamptz,
    primary key (person_id, version),
    check ((wrapped_key is null) = (erased_at is not null)),
    check ((wrapped_key is null) = (master_key_id is null))
);
-- rotation finds the keys still wrapped by a retired master key
create index person_data_key_master on person_data_key (master_key_id) where wrapped_key is not null;
