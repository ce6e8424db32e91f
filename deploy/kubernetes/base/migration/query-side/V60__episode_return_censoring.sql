-- Issue 12: returns are censored. An episode closed less than one return window before the as-of instant, with no
-- return yet, is pending: neither returned nor not returned, and in no return rate. Whether a window has elapsed
-- depends on when the question is asked, so the rows keep what the fold decided once and for all: the first counted
-- contact after the closure, however late (a return under any window is read from it), and where the projection's
-- window ends. The views and the cohort answers compare them with the instant of the query.
alter table fact_episode add column next_contact_at timestamptz;
alter table fact_episode add column return_window_ends timestamptz;
comment on column fact_episode.next_contact_at is 'the first counted contact strictly after closed_at, however late; null while open or when none came';
comment on column fact_episode.return_window_ends is 'closed_at plus the projection''s return window (casejourney.journey.return-window-days); null while open';

-- Rows projected before do not hold them: remove them, and with the positions gone the consumer replays the topic
-- from the beginning through the fold that does (as V50 did). Parked records are parked again as the replay meets them.
truncate journey_event, journey, journey_unfolded, fact_contact, fact_episode, fact_referral, fact_handoff, fact_person,
    failure_demand_daily, consumer_position, parked_record;
