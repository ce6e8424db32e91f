package org.casejourney.query.journey;

/** Text from a topic record made safe for one log line: a record must not be able to forge log entries. */
final class LogText {

    private LogText() {
    }

    /** Every control character (CR, LF, tab, escape...) as a visible {@code \\uXXXX}, and backslashes doubled. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
