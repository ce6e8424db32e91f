package org.casejourney.command.person;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.contactRecorded;

class PersonCommandTargetTest {

    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void aRecordOfEventsGoesToItsPersonAsAxonsAnnotationResolverSendsIt() {
        RecordEvents command = new RecordEvents("P-123", List.of(new RecordEvents.Submission(contactRecorded().build(), "hash", "recorder")),
                Instant.parse("2026-12-06T18:00:00Z"));
        VersionedAggregateIdentifier target = new PersonCommandTarget(false).resolveTarget(GenericCommandMessage.asCommandMessage(command));

        assertThat(target).isEqualTo(axons.resolveTarget(GenericCommandMessage.asCommandMessage(command)));
        assertThat(target.getIdentifier()).isEqualTo("P-123");
        assertThat(target.getVersion()).isNull();
    }

    @Test
    void aCommandWithoutItsPersonIsRefusedAsAxonRefusesIt() {
        RecordEvents command = new RecordEvents(null, List.of(), Instant.parse("2026-12-06T18:00:00Z"));

        assertThatThrownBy(() -> new PersonCommandTarget(false).resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePeersAxonDefaultsResolveThroughAxonsOwnResolver() {
        RecordEvents command = new RecordEvents("P-9", List.of(), Instant.parse("2026-12-06T18:00:00Z"));

        assertThat(new PersonCommandTarget(true).resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                .isEqualTo(new VersionedAggregateIdentifier((Object) "P-9", null));
    }
}
