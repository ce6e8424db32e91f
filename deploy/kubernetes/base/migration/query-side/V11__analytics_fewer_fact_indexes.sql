-- Every index costs the projection on each write. These three served no query well enough to pay
-- for it: the primary key already finds a person's contacts (returns under another window), and the
-- end-to-end query reads episodes by closing time, where a team or service is a cheap filter.
drop index if exists fact_contact_person_time;
drop index if exists fact_episode_services;
drop index if exists fact_episode_teams;
