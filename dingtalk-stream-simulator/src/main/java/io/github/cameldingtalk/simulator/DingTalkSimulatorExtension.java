package io.github.cameldingtalk.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link DingTalkSimulator} for a test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingapp", "secret")
 *         .options(o -> o.redeliveryTimeout(Duration.ofSeconds(2)));
 *
 * @Test
 * void answers(DingTalkSimulator sim) { ... sim.apiUrl() ... }
 * }</pre>
 *
 * With {@code @ExtendWith(DingTalkSimulatorExtension.class)} it starts with default options and no app. Recorded
 * requests, acks and violations are cleared before each test; {@link #assertNoViolationsAfterEach()} makes every
 * test also fail on a protocol violation.
 */
public class DingTalkSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Map<String, String> apps = new LinkedHashMap<>();
    private UnaryOperator<SimulatorOptions> options = UnaryOperator.identity();
    private boolean assertNoViolations;
    private DingTalkSimulator simulator;

    public DingTalkSimulatorExtension() {
    }

    public static DingTalkSimulatorExtension withApp(String clientId, String clientSecret) {
        return new DingTalkSimulatorExtension().app(clientId, clientSecret);
    }

    public DingTalkSimulatorExtension app(String clientId, String clientSecret) {
        apps.put(clientId, clientSecret);
        return this;
    }

    public DingTalkSimulatorExtension options(UnaryOperator<SimulatorOptions> customizer) {
        this.options = customizer;
        return this;
    }

    public DingTalkSimulatorExtension assertNoViolationsAfterEach() {
        this.assertNoViolations = true;
        return this;
    }

    /** The running simulator (available from {@code @BeforeAll} on). */
    /** The control API's token of this class's simulator (header {@code X-Sim-Token}), e.g. for a script or a browser. */
    public String controlToken() {
        return simulator().controlToken();
    }

    public DingTalkSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the simulator starts before all tests of the class");
        }
        return simulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = DingTalkSimulator.start(options.apply(SimulatorOptions.defaults()));
        apps.forEach(simulator::registerApp);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator.reset();
        apps.forEach(simulator::registerApp);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (assertNoViolations && context.getExecutionException().isEmpty()) {
            simulator.assertNoViolations();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DingTalkSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator();
    }
}
