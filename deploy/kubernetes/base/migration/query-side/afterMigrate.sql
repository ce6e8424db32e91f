-- Least privilege (docs/security.md, Database roles): after every migration the owner, which runs
-- them, gives the app's role (${app_role}, the datasource user) what it needs. The projection is
-- derived data the app rebuilds from the topic into new schemas (ADR 010): the app owns it and the
-- analysts' views over it. The audit log is not: the app may only add entries and read them, and as
-- it owns nothing there it cannot disable its triggers or alter it either.
do $$
declare
    app  text := '${app_role}';
    live text := current_schema();
    r    record;
begin
    if app = current_user then
        raise exception 'The app''s role % also runs the migrations and would own the audit log: set spring.flyway.user/password (SPRING_FLYWAY_USER, SPRING_FLYWAY_PASSWORD) to an owner role (docs/operations.md)', current_user;
    end if;
    if not exists (select 1 from pg_roles where rolname = app) then
        raise exception 'The app''s role % does not exist: create it (a login with no other privilege) before starting the app (docs/operations.md)', app;
    end if;
    if exists (select 1 from pg_roles where rolname = app and (rolsuper or rolbypassrls)) then
        raise exception 'The app''s role % is a superuser: it must be an ordinary login (docs/security.md)', app;
    end if;
    if not pg_has_role(current_user, app, 'MEMBER') then
        raise exception 'The owner role % must be a member of the app''s role % to hand it the projection: grant % to % (docs/operations.md)', current_user, app, app, current_user;
    end if;

    execute format('alter schema %I owner to %I', live, app);
    execute format('alter schema analytics owner to %I', app);
    for r in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in (live, 'analytics') and c.relkind in ('r', 'p', 'v', 'm') and pg_get_userbyid(c.relowner) <> app loop
        execute format('alter table %I.%I owner to %I', r.nspname, r.relname, app);
    end loop;
    -- a rebuild creates its schema beside the live one, then renames both
    execute format('grant create on database %I to %I', current_database(), app);

    execute format('revoke all on schema audit from %I', app);
    execute format('revoke all on all tables in schema audit from %I', app);
    execute format('grant usage on schema audit to %I', app);
    execute format('grant select, insert on audit.access_log to %I', app);
    execute format('grant usage on sequence audit.access_log_id_seq to %I', app);
end
$$;
