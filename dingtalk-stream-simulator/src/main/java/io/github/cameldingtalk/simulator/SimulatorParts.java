package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.Apps;
import io.github.cameldingtalk.simulator.internal.CardApi;
import io.github.cameldingtalk.simulator.internal.Deliveries;
import io.github.cameldingtalk.simulator.internal.Faults;
import io.github.cameldingtalk.simulator.internal.Feed;
import io.github.cameldingtalk.simulator.internal.Gateway;
import io.github.cameldingtalk.simulator.internal.GatewayConnections;
import io.github.cameldingtalk.simulator.internal.MediaApi;
import io.github.cameldingtalk.simulator.internal.OpenConnections;
import io.github.cameldingtalk.simulator.internal.QpsLimit;
import io.github.cameldingtalk.simulator.internal.RobotApi;
import io.github.cameldingtalk.simulator.internal.SideApi;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** The internal parts of one running simulator, as its public faces ({@link SimulatorPush} …) reach them. */
record SimulatorParts(SimulatorOptions options, Clock clock, ScheduledExecutorService scheduler, Apps apps,
        Faults faults, QpsLimit qpsLimit, Feed feed, OpenConnections openConnections, RobotApi robot, CardApi cards,
        MediaApi media, GatewayConnections connections, Deliveries deliveries, Gateway gateway, SideApi sideApi) {
}
