-- Issue 10: journey_event_event_id (V1) served no query. The projection finds a stored event by its person and
-- sequence (the primary key), the journey view and the cohorts read a person's rows by person, and analysts read
-- event ids from the views in schema analytics, which read the fact tables, never this table. Its upkeep, one
-- insert at a random place of a b-tree per event, was a quarter of each COPY of events: 400,000 stored rows
-- copied in 5.5-5.9 s without it and 7.1-8.1 s with it (docs/performance.md, "Where PostgreSQL's share went").
drop index if exists journey_event_event_id;
