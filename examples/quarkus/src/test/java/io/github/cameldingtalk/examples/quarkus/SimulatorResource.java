package io.github.cameldingtalk.examples.quarkus;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the DingTalk simulator before Quarkus and points the component at it. */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    static DingTalkSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = DingTalkSimulator.start().registerApp("dingquarkus", "quarkus-secret");
        return Map.of(
                "camel.component.dingtalk-stream.api-url", simulator.apiUrl(),
                "camel.component.dingtalk-stream.client-id", "dingquarkus",
                "camel.component.dingtalk-stream.client-secret", "quarkus-secret");
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
