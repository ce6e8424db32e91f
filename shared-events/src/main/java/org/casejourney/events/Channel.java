package org.casejourney.events;

/** How a contact reached the service. */
public enum Channel {
    PHONE, FACE_TO_FACE, HOME_VISIT, ONLINE, EMAIL, LETTER;

    /** A contact says whether it was face to face; when it does not, its channel does. */
    public boolean isFaceToFace() {
        return this == FACE_TO_FACE || this == HOME_VISIT;
    }
}
