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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks a generated response message and reports every {@code errorCode} field in it, top level and in
 * nested structs and arrays (per topic, per partition, ...), as Kafka's {@code AbstractResponse.errorCounts}
 * does for its ErrorsPerSec meter.
 *
 * <p>The accessors of each generated class are found once by reflection and cached as method handles, so a
 * walk allocates nothing but the iterators of the arrays it visits. Thread-safe.
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
    private static final ConcurrentHashMap<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private ErrorCodes() {
    }

    static void walk(Message message, Sink sink) {
        if (message == null) {
            return;
        }
        Shape shape = SHAPES.computeIfAbsent(message.getClass(), ErrorCodes::shapeOf);
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
                if (m.getName().equals("errorCode") && m.getReturnType() == short.class) {
                    errorCode = handle(m, short.class);
                } else if (Message.class.isAssignableFrom(m.getReturnType())) {
                    structs.add(handle(m, Object.class));
                } else if (Collection.class.isAssignableFrom(m.getReturnType()) && holdsMessages(m)) {
                    arrays.add(handle(m, Object.class));
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

    /** True for {@code List<SomeMessage>} and the generated {@code *Collection} classes of messages. */
    private static boolean holdsMessages(Method m) {
        Type generic = m.getGenericReturnType();
        if (generic instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0] instanceof Class<?> c && Message.class.isAssignableFrom(c);
        }
        Type superType = m.getReturnType().getGenericSuperclass();
        return superType instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c && Message.class.isAssignableFrom(c);
    }
}
