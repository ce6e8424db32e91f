package org.casejourney.query.journey;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * A record's CloudEvents headers read in one pass, for the shape the command side publishes: binary mode, spec
 * version 1.0, lower-case {@code ce_} names. Through the SDK's reader the same record cost a look-up of the header
 * list per attribute it asks for, a lower-cased copy of every header's name and a string of every value: a tenth of
 * a catch-up's CPU (docs/performance.md). Whatever this pass does not recognise as that shape it leaves to the SDK
 * ({@link #usual} false), so the two readers never answer differently.
 */
final class BinaryHeaders {

    private static final byte[] STRUCTURED = "application/cloudevents".getBytes(StandardCharsets.US_ASCII);

    private boolean usual = true;
    private boolean structured;
    private String specVersion;
    private String id;
    private String source;
    private String type;
    private String subject;
    private String dataSchema;

    private BinaryHeaders() {
    }

    static BinaryHeaders of(Headers headers) {
        BinaryHeaders read = new BinaryHeaders();
        for (Header header : headers) {
            read.take(header.key(), header.value());
            if (!read.usual) {
                break;
            }
        }
        return read;
    }

    /** A later header of the same name wins, as the SDK's (last header) look-ups and its pass over the headers both have it. */
    private void take(String key, byte[] value) {
        if (key.equals("content-type")) {
            if (value == null) {
                usual = false;
            } else {
                structured = startsWith(value, STRUCTURED);
            }
            return;
        }
        if (key.length() < 3 || !key.regionMatches(true, 0, "ce_", 0, 3)) {
            return;
        }
        if (value == null || !lowerCase(key)) {
            usual = false; // the SDK lower-cases names and fails on a value it cannot read: its answer is the one to give
            return;
        }
        switch (key) {
            case "ce_specversion" -> specVersion = text(value);
            case "ce_id" -> id = text(value);
            case "ce_source" -> source = text(value);
            case "ce_type" -> type = text(value);
            case "ce_subject" -> subject = text(value);
            case "ce_dataschema" -> dataSchema = text(value);
            default -> {
                // time, datacontenttype and extensions: not checked by this reader
            }
        }
    }

    /** Whether this pass read the record as the SDK would: a binary-mode 1.0 event, or one with no CloudEvents headers at all. */
    boolean usual() {
        return usual && !structured && (specVersion == null || specVersion.equals("1.0"));
    }

    /** Whether the record carries a {@code ce_specversion} header (a binary-mode CloudEvent, when {@link #usual}). */
    boolean binary() {
        return specVersion != null;
    }

    String id() {
        return id;
    }

    String source() {
        return source;
    }

    String type() {
        return type;
    }

    String subject() {
        return subject;
    }

    String dataSchema() {
        return dataSchema;
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerCase(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 127) {
                return false;
            }
        }
        return true;
    }
}
