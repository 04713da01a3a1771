package io.github.cameldingtalk.stream;

import org.apache.camel.RuntimeCamelException;

/** A failure of the dingtalk-stream component; messages never carry secrets or webhook URLs. */
public class DingTalkStreamException extends RuntimeCamelException {

    public DingTalkStreamException(String message) {
        super(message);
    }

    public DingTalkStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
