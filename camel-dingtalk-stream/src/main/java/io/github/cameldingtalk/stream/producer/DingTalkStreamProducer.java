package io.github.cameldingtalk.stream.producer;

import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.DingTalkStreamEndpoint;
import io.github.cameldingtalk.stream.DingTalkStreamOperation;
import io.github.cameldingtalk.stream.app.OpenApiOperations;
import io.github.cameldingtalk.stream.model.DingTalkCard;
import io.github.cameldingtalk.stream.model.DingTalkCardStream;
import io.github.cameldingtalk.stream.model.DingTalkCardUpdate;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Calls DingTalk's OpenAPI for the app of the endpoint, without blocking (the HTTP answer completes the callback).
 * The operation comes from the body type ({@link DingTalkMessage}, {@link DingTalkCard}, {@link DingTalkCardUpdate},
 * {@link DingTalkCardStream}), then the
 * {@link DingTalkStreamConstants#OPERATION} header, then the {@code operation} option, else {@code sendMessage}.
 */
@ManagedResource(description = "DingTalk Stream producer")
public class DingTalkStreamProducer extends DefaultAsyncProducer {

    private final DingTalkStreamConfiguration configuration;
    private volatile OpenApiOperations api;
    private RobotOperations robot;
    private CardOperations cards;

    public DingTalkStreamProducer(DingTalkStreamEndpoint endpoint) {
        super(endpoint);
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        DingTalkStreamEndpoint endpoint = (DingTalkStreamEndpoint) getEndpoint();
        api = endpoint.getComponent().app(configuration).operations(
                endpoint.getComponent().outboundSettings(configuration), configuration.robotCodeOrClientId());
        robot = new RobotOperations(api, configuration);
        cards = new CardOperations(api, configuration);
    }

    @ManagedAttribute(description = "OpenAPI calls of the app not repeated because their outcome is unknown"
                                    + " (DingTalkOutcomeUnknownException)")
    public long getOutcomesUnknown() {
        return api == null ? 0 : api.outcomesUnknown();
    }

    @ManagedAttribute(description = "OpenAPI calls of the app made again after a failure DingTalk did not process")
    public long getRetries() {
        return api == null ? 0 : api.retries();
    }

    @ManagedAttribute(description = "OpenAPI calls of the app failed at once: the client-side rate limit would have"
                                    + " started them after their deadline")
    public long getRateLimited() {
        return api == null ? 0 : api.rateLimited();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> done;
        try {
            done = switch (operation(exchange)) {
                case sendMessage -> robot.send(exchange);
                case recallMessage -> robot.recall(exchange);
                case downloadFile -> robot.download(exchange);
                case createCard -> cards.create(exchange);
                case updateCard -> cards.update(exchange);
                case streamCard -> cards.stream(exchange);
                case uploadMedia -> robot.upload(exchange);
            };
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        done.whenComplete((ok, failure) -> {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            callback.done(false);
        });
        return false;
    }

    private DingTalkStreamOperation operation(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof DingTalkMessage) {
            return DingTalkStreamOperation.sendMessage;
        }
        if (body instanceof DingTalkCard) {
            return DingTalkStreamOperation.createCard;
        }
        if (body instanceof DingTalkCardUpdate) {
            return DingTalkStreamOperation.updateCard;
        }
        if (body instanceof DingTalkCardStream) {
            return DingTalkStreamOperation.streamCard;
        }
        DingTalkStreamOperation fromHeader = exchange.getMessage().getHeader(DingTalkStreamConstants.OPERATION,
                DingTalkStreamOperation.class);
        if (fromHeader != null) {
            return fromHeader;
        }
        return configuration.getOperation() != null ? configuration.getOperation() : DingTalkStreamOperation.sendMessage;
    }
}
