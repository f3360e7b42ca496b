package io.lanes.broker.metrics;

import org.apache.kafka.common.protocol.Message;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a generated response message and reports every {@code errorCode} field in it, top level and in
 * nested structs and arrays (per topic, per partition, ...), as Kafka's {@code AbstractResponse.errorCounts}
 * does for its ErrorsPerSec meter.
 *
 * <p>The accessors of each generated class are found once by reflection and cached (per class, in a
 * {@link ClassValue}) as method handles, so a walk allocates nothing but the iterators of the arrays it visits.
 * Nested structs and arrays whose type can hold no error code (a fetch partition's {@code currentLeader},
 * {@code abortedTransactions}, ...) are left out of the shape, so a walk visits only what can report one.
 * Thread-safe.
 */
final class ErrorCodes {
    /** Receives each error code found. */
    @FunctionalInterface
    interface Sink {
        void error(short code);
    }

    /** How to read one generated class: its error code (or null) and its nested messages. */
    private record Shape(MethodHandle errorCode, MethodHandle[] structs, MethodHandle[] arrays) {
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    private ErrorCodes() {
    }

    static void walk(Message message, Sink sink) {
        if (message == null) {
            return;
        }
        Shape shape = SHAPES.get(message.getClass());
        try {
            if (shape.errorCode != null) {
                sink.error((short) shape.errorCode.invokeExact((Object) message));
            }
            for (MethodHandle struct : shape.structs) {
                Object nested = struct.invokeExact((Object) message);
                walk((Message) nested, sink);
            }
            for (MethodHandle array : shape.arrays) {
                Object list = array.invokeExact((Object) message);
                Collection<?> items = (Collection<?>) list;
                if (items != null && !items.isEmpty()) {
                    for (Object item : items) {
                        walk((Message) item, sink);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot read the error codes of " + message.getClass().getName(), e);
        }
    }

    private static Shape shapeOf(Class<?> type) {
        MethodHandle errorCode = null;
        List<MethodHandle> structs = new ArrayList<>();
        List<MethodHandle> arrays = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || m.getName().equals("duplicate")) {
                continue;
            }
            try {
                if (isErrorCode(m)) {
                    errorCode = handle(m, short.class);
                } else if (Message.class.isAssignableFrom(m.getReturnType())) {
                    if (reachesErrorCode(m.getReturnType(), new HashSet<>())) {
                        structs.add(handle(m, Object.class));
                    }
                } else if (Collection.class.isAssignableFrom(m.getReturnType())) {
                    Class<?> element = messageElement(m);
                    if (element != null && reachesErrorCode(element, new HashSet<>())) {
                        arrays.add(handle(m, Object.class));
                    }
                }
            } catch (IllegalAccessException e) {
                // Not public to us: generated field accessors always are, so this is no field.
            }
        }
        return new Shape(errorCode, structs.toArray(MethodHandle[]::new), arrays.toArray(MethodHandle[]::new));
    }

    private static MethodHandle handle(Method m, Class<?> returnType) throws IllegalAccessException {
        return LOOKUP.unreflect(m).asType(MethodType.methodType(returnType, Object.class));
    }

    private static boolean isErrorCode(Method m) {
        return m.getName().equals("errorCode") && m.getReturnType() == short.class;
    }

    /** True when {@code type}, or a message nested in it at any depth, has an {@code errorCode} field. */
    private static boolean reachesErrorCode(Class<?> type, Set<Class<?>> visiting) {
        if (!visiting.add(type)) {
            return false;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || m.getName().equals("duplicate")) {
                continue;
            }
            if (isErrorCode(m)) {
                return true;
            }
            Class<?> nested = Message.class.isAssignableFrom(m.getReturnType()) ? m.getReturnType()
                    : Collection.class.isAssignableFrom(m.getReturnType()) ? messageElement(m) : null;
            if (nested != null && reachesErrorCode(nested, visiting)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message type held by {@code List<SomeMessage>} or a generated {@code *Collection} of messages,
     * null when the collection holds no messages.
     */
    private static Class<?> messageElement(Method m) {
        Type generic = m.getGenericReturnType();
        if (!(generic instanceof ParameterizedType)) {
            generic = m.getReturnType().getGenericSuperclass();
        }
        return generic instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c && Message.class.isAssignableFrom(c) ? c : null;
    }
}
