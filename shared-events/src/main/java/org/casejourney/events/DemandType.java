package org.casejourney.events;

/** Value demand is what the service exists to meet; failure demand is caused by failing the person. */
public enum DemandType {
    VALUE, FAILURE
}
