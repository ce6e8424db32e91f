package org.casejourney.events;

/** Why a case was closed. */
public enum CaseOutcome {
    NEEDS_MET, NO_FURTHER_ACTION, TRANSFERRED_OUT, PERSON_DECLINED, PERSON_DIED, OTHER
}
