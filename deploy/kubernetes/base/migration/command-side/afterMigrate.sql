-- Least privilege (docs/security.md, Database roles): after every migration the owner, which runs
-- them, grants the app's role (${app_role}, the datasource user) exactly what the app does with each
-- table. The event store and the access log take no UPDATE, DELETE or TRUNCATE: the app cannot
-- rewrite history, and as it owns nothing it cannot disable their triggers or alter them either.
do $$
begin
    if '${app_role}' = current_user then
        raise exception 'The app''s role % also runs the migrations and would own every table: set spring.flyway.user/password (SPRING_FLYWAY_USER, SPRING_FLYWAY_PASSWORD) to an owner role (docs/operations.md)', current_user;
    end if;
    if not exists (select 1 from pg_roles where rolname = '${app_role}') then
        raise exception 'The app''s role ${app_role} does not exist: create it (a login with no other privilege) before starting the app (docs/operations.md)';
    end if;
    if exists (select 1 from pg_roles where rolname = '${app_role}' and (rolsuper or rolbypassrls)) then
        raise exception 'The app''s role ${app_role} is a superuser: it must be an ordinary login (docs/security.md)';
    end if;
end
$$;

-- nobody but the owner creates tables here (PostgreSQL before 15 lets everyone; a no-op unless the owner owns public)
revoke create on schema public from public;
revoke all on all tables in schema public from "${app_role}";
revoke all on all sequences in schema public from "${app_role}";
grant select, insert on domain_event_entry to "${app_role}";
grant usage on sequence domain_event_entry_global_index_seq to "${app_role}";
-- Axon's snapshotter deletes the snapshots a newer one replaces
grant select, insert, delete on snapshot_event_entry to "${app_role}";
-- tracking processors claim, extend and release their segments
grant select, insert, update, delete on token_entry to "${app_role}";
grant select, insert, update, delete on saga_entry, association_value_entry to "${app_role}";
grant usage on sequence association_value_entry_id_seq to "${app_role}";
grant select, insert on event_id_index to "${app_role}";
grant select, insert on access_log to "${app_role}";
grant usage on sequence access_log_id_seq to "${app_role}";
-- erasure destroys a wrapped key; master key rotation re-wraps them
grant select, insert, update on person_data_key to "${app_role}";
