package org.casejourney.query.analytics;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An answer as a file to save (CSV tables, event logs): its type and the name a browser saves it under. */
public final class Downloads {

    private Downloads() {
    }

    public static ResponseEntity.BodyBuilder attachment(MediaType type, String filename) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
    }
}
