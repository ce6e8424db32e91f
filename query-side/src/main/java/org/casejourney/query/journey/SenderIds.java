package org.casejourney.query.journey;

import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The identifiers a sending system chose (event, referral, correlation and causation ids, and the ids a
 * correction names) replaced by their keyed pseudonyms, so an analyst cannot look them up in the sender's
 * system; the same id always gives the same pseudonym, so references between events still match. An
 * erasure's reason (the erasure request's reference) is dropped.
 */
final class SenderIds {

    /** The fields, in the events and in a correction's {@code changes}, that hold a sender-chosen identifier. */
    static final Set<String> FIELDS = Set.of("eventId", "correlationId", "causationId", "referralId", "correctsEventId");

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private SenderIds() {
    }

    static PersonEvent map(PersonEvent event, UnaryOperator<String> pseudonym) {
        Shape shape = SHAPES.get(event.getClass());
        Object[] values = new Object[shape.names.length];
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = mapped(event, shape.names[i], (Object) shape.accessors[i].invokeExact((Object) event), pseudonym);
            }
            return (PersonEvent) (Object) shape.constructor.invokeExact(values);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot rebuild a " + event.type() + " with pseudonymised ids", e);
        }
    }

    private static Object mapped(PersonEvent event, String name, Object value, UnaryOperator<String> pseudonym) {
        if (value instanceof String id && FIELDS.contains(name)) {
            return pseudonym.apply(id);
        }
        if (event instanceof PersonalDataErased && name.equals("reason")) {
            return null;
        }
        if (name.equals("changes") && value instanceof Map<?, ?> changes) {
            Map<Object, Object> copy = new LinkedHashMap<>(changes);
            copy.replaceAll((field, changed) -> changed instanceof String id && FIELDS.contains(field) ? pseudonym.apply(id) : changed);
            return copy;
        }
        return value;
    }

    private record Shape(String[] names, MethodHandle[] accessors, MethodHandle constructor) {
        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                // typed once as (Object)Object and (Object[])Object, so each call is an invokeExact without adaptation
                MethodHandle[] accessors = new MethodHandle[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                }
                Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
                MethodHandle constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(types))
                        .asSpreader(Object[].class, types.length).asType(MethodType.methodType(Object.class, Object[].class));
                return new Shape(Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new), accessors, constructor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("every event is a public record: " + type, e);
            }
        }
    }
}
