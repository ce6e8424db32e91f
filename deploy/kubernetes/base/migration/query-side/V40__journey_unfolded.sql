-- People whose events a catch-up stored without folding their journey and facts yet (ADR 013): the live
-- projection folds them, once each, when it is close to the topic's end.
create table journey_unfolded (
    person_id text primary key
);
