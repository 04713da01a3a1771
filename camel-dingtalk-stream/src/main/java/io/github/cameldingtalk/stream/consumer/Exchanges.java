package io.github.cameldingtalk.stream.consumer;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.PooledExchange;
import org.apache.camel.spi.ExchangeFactory;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Where a consumer's exchanges come from and go back to (Camel's exchange factory of the consumer, pooled when the
 * context pools), so that the object that ends a frame releases its exchange without going back to the consumer.
 */
final class Exchanges implements AutoCloseable {

    private final ExchangeFactory factory;
    private final Endpoint endpoint;
    private final String routeId;

    Exchanges(Consumer consumer, String routeId) {
        this.endpoint = consumer.getEndpoint();
        this.factory = endpoint.getCamelContext().getCamelContextExtension().getExchangeFactory()
                .newExchangeFactory(consumer);
        this.routeId = routeId;
        factory.setRouteId(routeId);
        ServiceHelper.startService(factory);
    }

    /** A new InOut exchange from the consumer's endpoint and route. */
    Exchange create() {
        Exchange exchange = factory.create(endpoint, false);
        endpoint.configureExchange(exchange);
        exchange.getExchangeExtension().setFromRouteId(routeId);
        exchange.setPattern(ExchangePattern.InOut);
        return exchange;
    }

    void release(Exchange exchange) {
        if (exchange instanceof PooledExchange pooled) {
            pooled.done();
        }
        factory.release(exchange);
    }

    @Override
    public void close() {
        ServiceHelper.stopService(factory);
    }
}
