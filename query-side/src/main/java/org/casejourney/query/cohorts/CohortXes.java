package org.casejourney.query.cohorts;

import org.casejourney.events.PersonEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cohort's journeys as an XES event log (IEEE 1849, XML), for case-centric process-mining tools: one trace per episode,
 * holding the counted events (corrections applied, retractions left out) the fold placed in that episode, in the fold's
 * order (time, then stream order). Events the fold placed in no episode (between a closure and the next contact) are in
 * no trace. Written as it is read: one person's fold in memory at a time, whatever the cohort's size. Elements are in no
 * namespace, as the published schema (docs/standards/xes-ieee-1849.xsd) declares them.
 */
@Component
class CohortXes {

    static final String VERSION = "1849.2016";
    /** The standard extensions the log uses: name, prefix, URI. */
    private static final List<String[]> EXTENSIONS = List.of(
            new String[]{"Concept", "concept", "http://www.xes-standard.org/concept.xesext"},
            new String[]{"Time", "time", "http://www.xes-standard.org/time.xesext"},
            new String[]{"Organizational", "org", "http://www.xes-standard.org/org.xesext"},
            new String[]{"Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"});
    /** xs:dateTime with an explicit +00:00, the form XES readers expect; fractions of a second only when there are any. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:MM", "+00:00").toFormatter();
    private static final Comparator<TimelineEntry> FOLD_ORDER =
            Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence);

    private final CohortJourneys journeys;
    private final Clock clock;

    CohortXes(DataSource dataSource, Clock clock, QuerySideProperties properties) {
        this.journeys = new CohortJourneys(dataSource, properties);
        this.clock = clock;
    }

    /** Writes the log of the people the filter chooses (their whole journeys, folded at this instant) to {@code out}. */
    void write(CohortFilter.Checked filter, OutputStream out) throws IOException {
        Instant asOf = clock.instant();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("log");
            xml.writeAttribute("xes.version", VERSION);
            for (String[] extension : EXTENSIONS) {
                xml.writeEmptyElement("extension");
                xml.writeAttribute("name", extension[0]);
                xml.writeAttribute("prefix", extension[1]);
                xml.writeAttribute("uri", extension[2]);
            }
            xml.writeEmptyElement("classifier");
            xml.writeAttribute("name", "Activity");
            xml.writeAttribute("scope", "event");
            xml.writeAttribute("keys", "concept:name lifecycle:transition");
            attribute(xml, "string", "concept:name", "casejourney cohort");
            attribute(xml, "date", "asOf", TIMESTAMP.format(asOf.atOffset(ZoneOffset.UTC)));
            journeys.each(filter, asOf, journey -> traces(xml, journey));
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
            xml.close(); // leaves out open: the servlet container closes it
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private static void traces(XMLStreamWriter xml, Journey journey) {
        Map<Integer, List<TimelineEntry>> byEpisode = new TreeMap<>();
        for (TimelineEntry entry : journey.timeline()) {
            if (CohortJourneys.counted(entry) && entry.episode() != null) {
                byEpisode.computeIfAbsent(entry.episode(), n -> new ArrayList<>()).add(entry);
            }
        }
        try {
            for (Journey.Episode episode : journey.episodes()) {
                xml.writeStartElement("trace");
                attribute(xml, "string", "concept:name", journey.personId() + "/episode-" + episode.number());
                attribute(xml, "string", "person", journey.personId());
                if (episode.closedAt() != null) {
                    attribute(xml, "string", "outcome", episode.outcome());
                    attribute(xml, "string", "returnStatus", episode.returnStatus().name());
                    attribute(xml, "float", "endToEndDays", episode.endToEndDays().toString());
                }
                List<TimelineEntry> events = byEpisode.getOrDefault(episode.number(), new ArrayList<>());
                events.sort(FOLD_ORDER);
                for (TimelineEntry entry : events) {
                    event(xml, entry);
                }
                xml.writeEndElement();
            }
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static void event(XMLStreamWriter xml, TimelineEntry entry) throws XMLStreamException {
        PersonEvent event = entry.effective();
        xml.writeStartElement("event");
        attribute(xml, "string", "concept:name", event.type());
        attribute(xml, "date", "time:timestamp", TIMESTAMP.format(event.occurredAt().atOffset(ZoneOffset.UTC)));
        attribute(xml, "string", "org:resource", event.practitioner());
        attribute(xml, "string", "org:group", event.team());
        attribute(xml, "string", "lifecycle:transition", "complete");
        attribute(xml, "string", "eventId", entry.eventId());
        for (EventAttributes.Attribute attribute : EventAttributes.of(event)) {
            Object value = attribute.value();
            String type = value instanceof Integer ? "int" : value instanceof Boolean ? "boolean" : "string";
            attribute(xml, type, attribute.name(), value.toString());
        }
        xml.writeEndElement();
    }

    /** One typed attribute ({@code <string key=".." value=".."/>}); an absent value is left out. */
    private static void attribute(XMLStreamWriter xml, String type, String key, String value) throws XMLStreamException {
        if (value == null || value.isBlank()) {
            return;
        }
        xml.writeEmptyElement(type);
        xml.writeAttribute("key", key);
        xml.writeAttribute("value", xmlText(value));
    }

    /** The writer escapes markup, but XML 1.0 cannot hold some characters at all (most controls): they become U+FFFD. */
    static String xmlText(String value) {
        StringBuilder text = null;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed && text == null) {
                text = new StringBuilder(value.substring(0, i));
            }
            if (text != null) {
                text.appendCodePoint(allowed ? c : 0xFFFD);
            }
            i += Character.charCount(c);
        }
        return text == null ? value : text.toString();
    }
}
