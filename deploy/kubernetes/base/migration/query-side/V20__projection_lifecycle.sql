-- The projection lifecycle (org.casejourney.query.projections, ADR 010).

-- The Kafka timestamp of the record at last_offset: the listing's lag in seconds.
alter table consumer_position add column last_record_at timestamptz;

-- A person's parked records hold up their later ones: found by key, in topic order.
create index parked_record_key on parked_record (record_key, topic, partition, record_offset);

-- How this schema was built, when a rebuild built it (the rebuild writes its row as it switches in).
create table projection_rebuild (
    schema_name       text primary key,
    started_at        timestamptz      not null,
    finished_at       timestamptz      not null,
    records           bigint           not null,
    events_per_second double precision not null
);
