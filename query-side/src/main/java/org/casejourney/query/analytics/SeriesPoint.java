package org.casejourney.query.analytics;

import java.time.LocalDate;

/** A bucket's figures in a series, at the bucket's start; {@code suppressed} when they describe too few people to show. */
public interface SeriesPoint {

    LocalDate start();

    boolean suppressed();
}
