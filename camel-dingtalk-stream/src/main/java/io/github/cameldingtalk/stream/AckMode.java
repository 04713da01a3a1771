package io.github.cameldingtalk.stream;

/** When the consumer acks a frame. */
public enum AckMode {
    /** When the route completes: the ack carries the route's outcome and output (default). */
    AFTER_ROUTE,
    /**
     * At receipt, before routing: for routes slower than DingTalk's redelivery window (about 60 s). The ack says
     * success whatever the route does; failures only reach the exception handler. Bot replies still go out when
     * the route completes.
     */
    IMMEDIATE
}
