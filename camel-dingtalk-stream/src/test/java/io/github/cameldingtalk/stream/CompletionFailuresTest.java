package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * Nothing wedges: whatever throws on a path after the route — the output, the reply, the idempotent repository, the
 * exception handler itself, the chunks of a streamed answer — the message gets an ack decision, its slot is freed,
 * and the next message of the same conversation is answered.
 */
class CompletionFailuresTest extends DingTalkStreamTestSupport {

    private static final String CONVERSATION = "cidOneConversation";

    /** An exception handler that records, then throws: the last thing that could break a completion. */
    private final AtomicBoolean handlerThrows = new AtomicBoolean(true);
    private final AtomicBoolean repositoryThrows = new AtomicBoolean();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("throwingHandler", new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                handleException(null, null, exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                handleException(message, null, exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                recorder.errors.add(exception);
                if (handlerThrows.get()) {
                    throw new IllegalStateException("the exception handler broke too");
                }
            }
        });
        registry.bind("flaky", new MemoryIdempotentRepository() {
            @Override
            public boolean confirm(String key) {
                if (repositoryThrows.get()) {
                    throw new IllegalStateException("repository down (confirm)");
                }
                return super.confirm(key);
            }

            @Override
            public boolean remove(String key) {
                if (repositoryThrows.get()) {
                    throw new IllegalStateException("repository down (remove)");
                }
                return super.remove(key);
            }
        });
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String uri = uri("bot", "idempotentRepository=#flaky").replace("exceptionHandler=#recorder",
                        "exceptionHandler=#throwingHandler");
                from(uri).routeId("bot")
                        .process(exchange -> {
                            String text = exchange.getMessage().getBody(io.github.cameldingtalk.stream.model
                                    .DingTalkBotMessage.class).getText();
                            exchange.getMessage().setBody(switch (text) {
                                case "route fails" -> throw new IllegalStateException("the route failed");
                                case "no msgtype" -> Map.of("text", "a Map without msgtype");
                                case "unprintable" -> new Object() {
                                    @Override
                                    public String toString() {
                                        throw new IllegalStateException("cannot be printed");
                                    }
                                };
                                case "chunks fail" -> failingChunks();
                                default -> "answer to " + text;
                            });
                        });
            }
        };
    }

    private static Iterator<String> failingChunks() {
        return new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                if (given == 2) {
                    throw new IllegalStateException("the model stopped");
                }
                return true;
            }

            @Override
            public String next() {
                return "chunk " + given++ + " ";
            }
        };
    }

    private DingTalkStreamConsumer botConsumer() {
        return (DingTalkStreamConsumer) context.getRoute("bot").getConsumer();
    }

    private Delivery push(String text, boolean external) {
        BotMessage message = BotMessage.text(text).conversationId(CONVERSATION);
        return sim().pushBotMessage(CLIENT_ID, external ? message.fromExternalUser("Guest") : message);
    }

    /** The message got this ack, then the slot is free and the next message of the conversation is answered. */
    private void assertEndsWith(int code, Delivery delivery) throws Exception {
        assertEquals(code, delivery.awaitAck(TIMEOUT).code());
        delivery.stopRedelivery();
        repositoryThrows.set(false);
        Delivery next = push("next", false);
        assertEquals(200, next.awaitAck(TIMEOUT).code(), "the conversation moves on");
        await().atMost(TIMEOUT).until(() -> sim().botReplies().stream().anyMatch(r -> "answer to next".equals(r.text())));
        await().atMost(TIMEOUT).until(() -> botConsumer().getInflightExchanges() == 0);
        assertTrue(!recorder.errors.isEmpty(), "the failure was reported");
    }

    @Test
    void aRouteFailureWhoseHandlerThrows() throws Exception {
        awaitConnections(1);
        assertEndsWith(500, push("route fails", false));
    }

    @Test
    void anOutputThatIsNotAReply() throws Exception {
        awaitConnections(1);
        assertEndsWith(500, push("no msgtype", false));
    }

    @Test
    void anOutputWhoseConversionThrows() throws Exception {
        awaitConnections(1);
        assertEndsWith(500, push("unprintable", false));
    }

    @Test
    void aRepositoryThatThrowsWhenMarkingDone() throws Exception {
        awaitConnections(1);
        repositoryThrows.set(true);
        assertEndsWith(200, push("done but not recorded", false));
    }

    @Test
    void aRepositoryThatThrowsWhenReleasingAFailedMessage() throws Exception {
        awaitConnections(1);
        repositoryThrows.set(true);
        assertEndsWith(500, push("route fails", false));
    }

    @Test
    void aRefusedReplyWhoseHandlerThrows() throws Exception {
        awaitConnections(1);
        sim().failNextRepliesWithErrcode(1, 40035, "缺少参数 json");
        assertEndsWith(500, push("refused", false));
    }

    @Test
    void aReplyOfUnknownOutcomeWhoseHandlerThrows() throws Exception {
        awaitConnections(1);
        sim().dropAfterAccepting("/robot/sendBySession", 1);
        assertEndsWith(200, push("maybe", false));
    }

    @Test
    void chunksThatThrowInAnAiCard() throws Exception {
        awaitConnections(1);
        Delivery delivery = push("chunks fail", false);
        assertEndsWith(200, delivery);
        await().atMost(TIMEOUT).until(() -> sim().apiCalls("/v1.0/card/streaming").stream()
                .anyMatch(call -> call.body().path("isError").asBoolean()));
    }

    @Test
    void chunksThatThrowForAnExternalUser() throws Exception {
        awaitConnections(1);
        assertEndsWith(500, push("chunks fail", true));
        assertEquals(List.of(), sim().botReplies().stream().filter(r -> "markdown".equals(r.msgtype())).toList());
    }
}
