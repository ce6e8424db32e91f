package org.casejourney.command.platform;

import org.axonframework.serialization.RevisionResolver;
import org.casejourney.events.EventVersions;
import org.casejourney.events.PersonEvent;

/**
 * The revision written with each stored event: its type's schema version ({@code 1.0}), so an upcaster can tell
 * a row's form from its column; snapshots, tokens and metadata carry none. Rows stored before revisions were
 * written have none either: they are in the 1.0 form of their type.
 */
final class EventRevisions implements RevisionResolver {

    private static final ClassValue<String> REVISIONS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return PersonEvent.class.isAssignableFrom(type) && type.isRecord() ? EventVersions.of(type.getSimpleName()).toString() : null;
        }
    };

    @Override
    public String revisionOf(Class<?> payloadType) {
        return REVISIONS.get(payloadType);
    }
}
