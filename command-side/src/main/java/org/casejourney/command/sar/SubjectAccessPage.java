package org.casejourney.command.sar;

import org.casejourney.events.EventJson;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/** The pack as one self-contained HTML page; every value from an event is escaped. */
final class SubjectAccessPage {

    private static final String STYLE = """
            body{font-family:Georgia,serif;max-width:50em;margin:2em auto;line-height:1.4;color:#111}
            h1{font-size:1.5em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}
            .third-party{background:#ffe9a8;padding:0 .2em}.retracted{text-decoration:line-through;color:#777}
            .amendment{font-size:.9em;color:#333;margin:.3em 0 0 1em}.meta{font-size:.85em;color:#555}
            @media print{body{margin:0}tr{page-break-inside:avoid}}
            """;

    private SubjectAccessPage() {
    }

    static String render(SubjectAccessPack pack) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Subject access pack: ")
                .append(htmlEscape(pack.personId())).append("</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>Subject access pack for ").append(htmlEscape(pack.personId())).append("</h1>");
        html.append("<p class=\"meta\">Generated ").append(pack.generatedAt()).append(". ")
                .append(pack.summary().eventsRecorded()).append(" events recorded; ")
                .append(pack.summary().contacts()).append(" contacts, ").append(pack.summary().episodes()).append(" episodes. ")
                .append("Names marked <span class=\"third-party\">like this</span> are staff (third parties): review before release.</p>");
        html.append("<table><thead><tr><th>When</th><th>What happened</th><th>Recorded</th></tr></thead><tbody>");
        for (SubjectAccessPack.Entry entry : pack.entries()) {
            boolean retracted = entry.status().equals("RETRACTED");
            html.append("<tr><td>").append(entry.occurredAt()).append("</td><td")
                    .append(retracted ? " class=\"retracted\"" : "").append(">").append(htmlEscape(entry.sentence()));
            if (!entry.practitioners().isEmpty()) {
                html.append(" Staff: ");
                entry.practitioners().forEach(p -> html.append("<span class=\"third-party\">").append(htmlEscape(p)).append("</span> "));
            }
            for (SubjectAccessPack.Amendment a : entry.amendments()) {
                html.append("<div class=\"amendment\">").append(a.type().equals("EventRetracted") ? "Retracted" : "Corrected")
                        .append(" on ").append(a.recordedAt()).append(" by ").append(htmlEscape(a.recordedBy()))
                        .append(": \u201c").append(htmlEscape(a.reason())).append("\u201d");
                if (a.changes() != null) {
                    html.append(" Changes: <code>").append(htmlEscape(EventJson.write(a.changes()))).append("</code>");
                }
                html.append("</div>");
            }
            html.append("</td><td class=\"meta\">").append(entry.recordedAt()).append("<br>by ").append(htmlEscape(entry.recordedBy()))
                    .append("<br>#").append(entry.sequence()).append("</td></tr>");
        }
        html.append("</tbody></table></body></html>");
        return html.toString();
    }
}
