package org.casejourney.query.analytics;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.annotations.ParameterObject;

import java.time.Instant;
import java.util.Set;

/**
 * The query parameters the analysts' series endpoints share (docs/api.md, "Series parameters"), bound from the query
 * string once for every endpoint that takes them, JSON and CSV alike. Each endpoint says which of them it accepts; any
 * other parameter is refused by name rather than ignored.
 */
@ParameterObject
public record SeriesParameters(
        @Parameter(description = "Only this service: its contacts (failure demand), the episodes that involved it (end to end), "
                + "the handoffs and referrals it recorded (handoffs)", example = "adult-social-care") String service,
        @Parameter(description = "Only this team: its contacts, the episodes that involved it, the edges from or to it",
                example = "reablement-north") String team,
        @Parameter(description = "Only this channel: PHONE, FACE_TO_FACE, HOME_VISIT, ONLINE, EMAIL, LETTER (not accepted by /handoffs)",
                example = "PHONE") String channel,
        @Parameter(description = "Start, inclusive: a date (a UTC day) or an instant with offset. Default: the Monday 51 weeks before "
                + "the week holding `to`", example = "2026-01-05") String from,
        @Parameter(description = "End: a date is inclusive (through the end of that UTC day), an instant exclusive. Default: the end "
                + "of today (UTC)", example = "2026-12-31") String to,
        @Parameter(description = "day, week (ISO, Monday, UTC) or month. Default week (not accepted by /handoffs)", example = "month")
        String bucket,
        @Parameter(description = "service, team, channel or none (one series). Default none (not accepted by /handoffs)",
                example = "service") String groupBy) {

    /** Every series parameter, for the endpoints that take them all. */
    public static final Set<String> SERIES = Set.of("service", "team", "channel", "from", "to", "bucket", "groupBy");
    /** What /handoffs accepts: no bucket or grouping; a channel is named, to be refused with a reason. */
    public static final Set<String> NETWORK = Set.of("service", "team", "channel", "from", "to");

    /** Refuses any parameter of the request outside {@code accepted} (and any given twice), then parses the rest at {@code now}. */
    public SeriesQuery parse(HttpServletRequest request, Set<String> accepted, Instant now) {
        QueryChecks.refuseUnknown(request.getParameterMap(), accepted);
        return SeriesQuery.parse(service, team, channel, from, to, bucket, groupBy, now);
    }

    /** The query of an endpoint that takes every series parameter. */
    public SeriesQuery series(HttpServletRequest request, Instant now) {
        return parse(request, SERIES, now);
    }

    /** The query of the network (/handoffs): its range, service and team; handoffs and referrals have no channel. */
    public SeriesQuery network(HttpServletRequest request, Instant now) {
        SeriesQuery query = parse(request, NETWORK, now);
        if (channel != null) {
            throw InvalidQuery.of("channel", "handoffs and referrals have no channel; leave it out");
        }
        return query;
    }
}
