package org.casejourney.query.journey;

/**
 * Whether an event read from a record's JSON reads back the same from its stored row. Text
 * round-trips through PostgreSQL exactly unless it holds a UTF-16 surrogate: a lone one cannot be
 * encoded on the way in and comes back as something else. A record with any surrogate, raw or as a
 * {@code \\uD800}-{@code \\uDFFF} escape, is therefore not "sure" (a pair would be, but telling pairs
 * apart is not worth it for text that rare).
 */
final class StoredAlike {

    private StoredAlike() {
    }

    static boolean sure(String json) {
        if (json == null) {
            return false;
        }
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) {
                return false;
            }
            if (c == '\\' && i + 1 < length) {
                if (json.charAt(i + 1) == 'u' && i + 3 < length && (json.charAt(i + 2) == 'd' || json.charAt(i + 2) == 'D')
                        && "89abcdefABCDEF".indexOf(json.charAt(i + 3)) >= 0) {
                    return false;
                }
                i++; // the escaped character: "\\\\u..." is a backslash and a 'u', not an escape
            }
        }
        return true;
    }
}
