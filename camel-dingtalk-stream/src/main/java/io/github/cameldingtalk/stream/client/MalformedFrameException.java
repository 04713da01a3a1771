package io.github.cameldingtalk.stream.client;

/** A frame that cannot be understood; the message never contains the frame's payload. */
public class MalformedFrameException extends Exception {

    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
