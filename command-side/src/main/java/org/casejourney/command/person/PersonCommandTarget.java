package org.casejourney.command.person;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which person's stream a command is for. Axon's default resolver finds the {@code @TargetAggregateIdentifier} by
 * walking the command class's fields and methods and their annotations on every command, twice (once for the
 * identifier, once for a version): 5% of the group writers' CPU in a profile of single events (docs/performance.md).
 * {@link RecordEvents} names its person directly; anything else, and the benchmark's peer (Axon's defaults), goes
 * through Axon's resolver.
 */
@Component(PersonCommandTarget.BEAN)
class PersonCommandTarget implements CommandTargetResolver {

    static final String BEAN = "personCommandTarget";

    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();
    private final boolean axonDefaults;

    @Autowired
    PersonCommandTarget(CaseJourneyProperties properties) {
        this(properties.ingestion().axonDefaults());
    }

    PersonCommandTarget(boolean axonDefaults) {
        this.axonDefaults = axonDefaults;
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (!axonDefaults && command.getPayload() instanceof RecordEvents record && record.personId() != null) {
            return new VersionedAggregateIdentifier((Object) record.personId(), null);
        }
        return annotations.resolveTarget(command);
    }
}
