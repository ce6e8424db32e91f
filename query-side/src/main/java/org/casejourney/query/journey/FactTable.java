package org.casejourney.query.journey;

import org.casejourney.query.platform.CopyType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The analysts' fact tables and their columns, in the order the fact rows hold them: declared here once, for the
 * inserts and the COPYs alike, and held to the migrated schema's columns by {@code FactTableTest}.
 */
enum FactTable {
    CONTACT("fact_contact",
            "person_id text, event_id text, occurred_at timestamptz, day date, service text, team text,"
            + " organisation text, practitioner text, channel text, demand_type text, failure_category text,"
            + " episode_number int, duration_minutes int, face_to_face boolean"),
    REFERRAL("fact_referral",
            "person_id text, event_id text, referral_id text, occurred_at timestamptz, service text,"
            + " team text, organisation text, from_team text, to_team text, from_organisation text,"
            + " to_organisation text, outcome text, episode_number int"),
    HANDOFF("fact_handoff",
            "person_id text, event_id text, occurred_at timestamptz, service text, team text,"
            + " organisation text, from_practitioner text, to_practitioner text, from_team text, to_team text,"
            + " from_organisation text, to_organisation text, episode_number int"),
    EPISODE("fact_episode",
            "person_id text, episode_number int, opened_at timestamptz, closed_at timestamptz, outcome text,"
            + " end_to_end_days float8, contacts int, failure_contacts int, returned boolean,"
            + " returned_at timestamptz, services text[], teams text[], channels text[],"
            + " next_contact_at timestamptz, return_window_ends timestamptz"),
    PERSON("fact_person",
            "person_id text, first_contact timestamptz, teams text[], services text[], tags text[],"
            + " assessments int, people_involved int, referrals int, total_minutes bigint,"
            + " face_to_face_minutes bigint, face_to_face_share float8, episodes int, closed_episodes int,"
            + " returned_episodes int");

    private final String table;
    private final String columns;
    private final String columnNames;
    private final List<String> columnTypes;
    private final List<CopyType> copyTypes;

    FactTable(String table, String columns) {
        this.table = table;
        this.columns = columns;
        List<String[]> named = Arrays.stream(columns.split(",")).map(c -> c.trim().split(" ", 2)).toList();
        this.columnNames = named.stream().map(c -> c[0]).collect(Collectors.joining(", "));
        this.columnTypes = named.stream().map(c -> c[1]).toList();
        this.copyTypes = columnTypes.stream().map(CopyType::of).toList();
    }

    String table() {
        return table;
    }

    /** "name type, ..." in row order. */
    String columns() {
        return columns;
    }

    /** "name, ..." in row order. */
    String columnNames() {
        return columnNames;
    }

    /** Each column's type, in row order. */
    List<String> columnTypes() {
        return columnTypes;
    }

    /** How each column's values are copied, in row order. */
    List<CopyType> copyTypes() {
        return copyTypes;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(FactTable::table).toList();
    }
}
