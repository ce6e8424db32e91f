package org.casejourney.query.analytics;

import java.util.List;

/**
 * One series of a series answer: its group (the service, team or channel; null for the single series or rows without
 * one), a point per bucket, and the XmR summary of the points' values.
 */
public interface SeriesGroup<P extends SeriesPoint> {

    String group();

    List<P> series();

    Xmr xmr();

    /** A group's name from its key: {@code ""} is the single series (or rows without a value), shown as null. */
    static String name(String key) {
        return key.isEmpty() ? null : key;
    }
}
