-- Every read of one person's data, by anyone: who, when, which endpoint, and the stated purpose.
-- Append-only: a trigger refuses updates and deletes, so the log cannot be quietly edited by the app.
create table access_log (
    id          bigserial    primary key,
    person_id   varchar(64)  not null,
    accessed_at timestamptz  not null,
    principal   varchar(200) not null,
    endpoint    varchar(200) not null,
    purpose     varchar(500),
    client      varchar(200)
);
create index access_log_person on access_log (person_id, accessed_at);

create function access_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'access_log is append-only';
end $$;

create trigger access_log_append_only before update or delete on access_log
    for each row execute function access_log_is_append_only();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function access_log_is_append_only();
