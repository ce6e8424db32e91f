-- Every read of one person's data on the query side: who, when, which endpoint, the stated purpose,
-- the client and the person's pseudonym (AccessLog). It lives in schema audit, outside the projection
-- schema a rebuild replaces; as every migration also runs into each rebuild schema, it is created once.
-- Append-only: triggers refuse updates, deletes and truncation, so the app cannot quietly edit it.
create schema if not exists audit;

do $$
begin
    if to_regclass('audit.access_log') is null then
        create table audit.access_log (
            id          bigserial    primary key,
            pseudonym   varchar(64),
            accessed_at timestamptz  not null,
            principal   varchar(200) not null,
            endpoint    varchar(200) not null,
            purpose     varchar(500),
            client      varchar(200)
        );
        comment on column audit.access_log.pseudonym is 'the pseudonym of the person read; null for a read of the whole log';
        create index access_log_pseudonym on audit.access_log (pseudonym, id);

        create function audit.access_log_is_append_only() returns trigger language plpgsql as $f$
        begin
            raise exception 'audit.access_log is append-only';
        end $f$;

        create trigger access_log_append_only before update or delete on audit.access_log
            for each row execute function audit.access_log_is_append_only();
        create trigger access_log_no_truncate before truncate on audit.access_log
            for each statement execute function audit.access_log_is_append_only();
    end if;
end
$$;
