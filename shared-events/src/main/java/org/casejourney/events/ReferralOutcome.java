package org.casejourney.events;

/** What the receiving side did with a referral. */
public enum ReferralOutcome {
    ACCEPTED, DECLINED, WITHDRAWN
}
