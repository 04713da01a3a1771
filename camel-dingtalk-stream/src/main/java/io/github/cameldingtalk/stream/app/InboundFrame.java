package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.client.Acknowledger;
import io.github.cameldingtalk.stream.client.Frame;
import io.github.cameldingtalk.stream.client.FrameCodec;

/**
 * One EVENT or CALLBACK frame as a subscriber sees it: what DingTalk pushed, and the one way to end it (an ack on
 * the connection that carried it, or a hand-back so that DingTalk delivers it again).
 */
public final class InboundFrame {

    /** An event's status in its ack: done. */
    public static final String SUCCESS = FrameCodec.SUCCESS;
    /** An event's status in its ack: deliver it again later. */
    public static final String LATER = FrameCodec.LATER;

    private final Frame frame;
    private final Acknowledger ack;

    InboundFrame(Frame frame, Acknowledger ack) {
        this.frame = frame;
        this.ack = ack;
    }

    public String messageId() {
        return frame.messageId();
    }

    public String topic() {
        return frame.topic();
    }

    public String header(String name) {
        return frame.header(name);
    }

    /** The frame's data: a JSON document as a string. */
    public String data() {
        return frame.data();
    }

    /** EVENT or CALLBACK. */
    public String type() {
        return frame.type();
    }

    public boolean isEvent() {
        return frame.isEvent();
    }

    /** DingTalk's id of the connection the frame came on. */
    public String connectionId() {
        return ack.connectionId();
    }

    /**
     * Acks the frame; only the first {@code ack} or {@code handBack} counts.
     *
     * @return false when the connection is gone (DingTalk will redeliver) or the frame was ended already
     */
    public boolean ack(int code, String message, String data) {
        return ack.ack(code, message, data);
    }

    /**
     * Gives the frame back: an event is acked {@code LATER} with the reason, a callback left unacked (DingTalk
     * delivers it again after its timeout).
     *
     * @return false when the frame was ended already
     */
    public boolean handBack(String reason) {
        return ack.handBack(reason);
    }

    /** An event ack's data: {@code {"status": …, "message": …}}. */
    public static String eventStatus(String status, String message) {
        return FrameCodec.eventStatus(status, message);
    }

    /** A callback ack's data: {@code {"response": <json or null>}}. */
    public static String callbackResponse(String responseJson) {
        return FrameCodec.callbackResponse(responseJson);
    }
}
