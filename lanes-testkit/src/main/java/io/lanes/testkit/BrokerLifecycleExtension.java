package io.lanes.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The scoping rules shared by the broker extensions.
 *
 * <p>Registered on a static field or with {@code @ExtendWith}, JUnit calls {@link #beforeAll}
 * and one broker serves the whole class (and its {@code @Nested} classes). Registered on an
 * instance field, JUnit only calls the per-test callbacks, so each test gets a fresh broker
 * that is closed after it.
 *
 * <p>Not meant for concurrent tests sharing one instance-field extension.
 *
 * @param <B> the broker handle
 */
abstract class BrokerLifecycleExtension<B extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Class<B> brokerType;
    private volatile B broker;
    private volatile String ownerId;
    private volatile boolean perTest;

    BrokerLifecycleExtension(Class<B> brokerType) {
        this.brokerType = brokerType;
    }

    /** Starts a broker; called once per class or once per test. */
    abstract B startBroker() throws Exception;

    /** Stops a broker and removes its files. */
    void stopBroker(B running) throws Exception {
        running.close();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (broker == null) {
            broker = startBroker();
            ownerId = context.getUniqueId();
            perTest = false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!perTest && context.getUniqueId().equals(ownerId)) {
            stopAndForget();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (broker == null) {
            broker = startBroker();
            ownerId = context.getUniqueId();
            perTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest && context.getUniqueId().equals(ownerId)) {
            stopAndForget();
        }
    }

    /** The type test methods may declare to receive the broker. */
    Class<?> parameterType() {
        return brokerType;
    }

    /** The value given to a test method parameter of {@link #parameterType()}. */
    Object parameterValue(B running) {
        return running;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == parameterType();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        B running = broker;
        if (running == null) {
            throw new ParameterResolutionException(
                    "No " + parameterType().getSimpleName() + " is running yet: it is started before all or before each test");
        }
        return parameterValue(running);
    }

    /** The running broker. */
    B running() {
        B running = broker;
        if (running == null) {
            throw new IllegalStateException("The broker is not running: it is started before all or before each test, "
                    + "and stopped after them");
        }
        return running;
    }

    private void stopAndForget() throws Exception {
        B running = broker;
        broker = null;
        ownerId = null;
        if (running != null) {
            stopBroker(running);
        }
    }
}
