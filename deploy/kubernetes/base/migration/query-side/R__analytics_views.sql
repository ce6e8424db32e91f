-- The analysts' read-only SQL interface: views with stable column names over the projection's
-- tables, and the role casejourney_analyst that may read them and nothing else (docs/analytics.md).
-- Table names are unqualified: a view binds to the tables the search path finds when it is created,
-- so after a projection is rebuilt into another schema and switched in, AnalyticsViews.recreate runs
-- this same script again. Column changes need a drop first: create or replace cannot rename.
-- People are named by their pseudonym (column pseudonym): the projection never holds personIds.

create schema if not exists analytics;

-- The views named the person person_id until the query side held pseudonyms only (V30).
do $$
begin
    if exists (select 1 from information_schema.columns where table_schema = 'analytics' and column_name = 'person_id') then
        drop view if exists analytics.journeys, analytics.episodes, analytics.contacts, analytics.referrals, analytics.handoffs;
    end if;
end
$$;

-- A rebuild migrates a fresh copy of the tables into another schema while the old one still serves:
-- unless AnalyticsViews.recreate asks (setting casejourney.recreate_analytics_views), views already
-- bound to another schema's tables stay there, by resolving this script's names in that schema.
do $$
declare
    bound text;
begin
    perform set_config('casejourney.saved_search_path', '', false);
    select min(table_schema) into bound
    from information_schema.view_table_usage
    where view_schema = 'analytics' and table_schema <> 'analytics';
    if bound is not null and bound <> current_schema()
            and coalesce(current_setting('casejourney.recreate_analytics_views', true), '') <> 'on' then
        perform set_config('casejourney.saved_search_path', current_setting('search_path'), false);
        perform set_config('search_path', quote_ident(bound), false);
    end if;
end
$$;

-- return_status compares the episode's return window with the instant of the query (now()): an episode closed
-- less than one window ago with no return yet is PENDING, in no return rate (domain.md, "returned").
create or replace view analytics.episodes as
select person_id as pseudonym,
       episode_number,
       opened_at,
       closed_at,
       outcome,
       end_to_end_days,
       contacts,
       failure_contacts,
       returned,
       returned_at,
       services,
       teams,
       channels,
       next_contact_at,
       return_window_ends,
       case
           when closed_at is null then null
           when returned then 'RETURNED'
           when return_window_ends <= now() then 'NOT_RETURNED'
           else 'PENDING'
           end as return_status
from fact_episode;

create or replace view analytics.journeys as
select j.person_id                                           as pseudonym,
       j.events,
       j.contacts,
       j.value_contacts,
       j.failure_contacts,
       j.referrals_made,
       j.referrals_declined_or_withdrawn,
       j.open_referrals,
       j.assessments,
       j.handoffs,
       j.support_delivered,
       j.people_involved,
       j.teams_involved,
       j.organisations_involved,
       j.total_minutes,
       j.total_minutes / 60.0                                   as total_hours,
       j.face_to_face_minutes,
       p.face_to_face_share,
       j.first_contact,
       j.last_activity,
       j.episodes,
       p.closed_episodes,
       p.returned_episodes,
       j.open,
       j.returned,
       p.teams,
       p.services,
       p.tags,
       j.updated_at,
       coalesce(r.not_returned, 0) as not_returned_episodes,
       coalesce(r.pending, 0)      as pending_episodes,
       -- the journey's end-to-end days, as the fold: first contact to the last closure, or to now while open
       extract(epoch from (case when j.open then now() else r.last_closed end) - j.first_contact) / 86400.0
                                   as end_to_end_days
from journey j
         left join fact_person p on p.person_id = j.person_id
         left join lateral (select count(*) filter (where e.return_status = 'NOT_RETURNED')::int as not_returned,
                                   count(*) filter (where e.return_status = 'PENDING')::int      as pending,
                                   max(e.closed_at)                                              as last_closed
                            from analytics.episodes e
                            where e.pseudonym = j.person_id) r on true;

create or replace view analytics.contacts as
select person_id as pseudonym,
       event_id,
       occurred_at,
       day,
       date_trunc('week', day::timestamp)::date  as iso_week,
       date_trunc('month', day::timestamp)::date as month,
       service,
       team,
       organisation,
       practitioner,
       channel,
       demand_type,
       failure_category,
       episode_number,
       duration_minutes,
       face_to_face
from fact_contact;

create or replace view analytics.referrals as
select person_id as pseudonym,
       event_id,
       referral_id,
       occurred_at,
       service,
       team,
       organisation,
       from_team,
       to_team,
       from_organisation,
       to_organisation,
       outcome,
       episode_number
from fact_referral;

create or replace view analytics.handoffs as
select person_id as pseudonym,
       event_id,
       occurred_at,
       service,
       team,
       organisation,
       from_practitioner,
       to_practitioner,
       from_team,
       to_team,
       from_organisation,
       to_organisation,
       episode_number
from fact_handoff;

create or replace view analytics.failure_demand_daily as
select day,
       service,
       nullif(team, '')                                             as team,
       channel,
       case when failure_category = '' then 'VALUE' else 'FAILURE' end as demand_type,
       nullif(failure_category, '')                                 as failure_category,
       contacts
from failure_demand_daily;

-- Roles belong to the whole server: another database may have made it, and the app's user may not be allowed to.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'casejourney_analyst') then
        create role casejourney_analyst nologin;
    end if;
exception
    when duplicate_object or unique_violation then null;
    when insufficient_privilege then raise notice 'role casejourney_analyst not created: the migrating user lacks CREATEROLE';
end
$$;

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'casejourney_analyst') then
        grant usage on schema analytics to casejourney_analyst;
        grant select on all tables in schema analytics to casejourney_analyst;
    end if;
end
$$;

do $$
begin
    if current_setting('casejourney.saved_search_path', true) <> '' then
        perform set_config('search_path', current_setting('casejourney.saved_search_path'), false);
        perform set_config('casejourney.saved_search_path', '', false);
    end if;
end
$$;
