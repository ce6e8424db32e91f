#!/bin/sh
# Run once by the postgres image, on an empty data directory: the roles and the two databases the apps
# expect (docs/security.md, "Database roles"), with the passwords the "keys" service made.
#   casejourney_owner    runs the migrations and owns the tables (SPRING_FLYWAY_USER of both apps)
#   casejourney_command  the command side's login (casejourney_events)
#   casejourney_query    the query side's login (casejourney_read); the owner is a member of it, to hand it the projection
#   casejourney_analyst  no login: the role the analytics views are granted to
set -eu
KEYS=/run/casejourney/db
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$(cat "$KEYS/owner.password")" \
    -v command_password="$(cat "$KEYS/command.password")" \
    -v query_password="$(cat "$KEYS/query.password")" <<'SQL'
set password_encryption = 'scram-sha-256';
create role casejourney_owner login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'owner_password';
create role casejourney_command login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'command_password';
create role casejourney_query login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'query_password';
create role casejourney_analyst nologin;
grant casejourney_query to casejourney_owner;
create database casejourney_events owner casejourney_owner;
create database casejourney_read owner casejourney_owner;
revoke all on database casejourney_events from public;
revoke all on database casejourney_read from public;
grant connect on database casejourney_events to casejourney_command;
grant connect on database casejourney_read to casejourney_query;
SQL
