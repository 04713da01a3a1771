package io.github.cameldingtalk.stream.app;


/** A subscriber's place on the app's connection; closing it leaves (make-before-break for the others). */
public final class Registration implements AutoCloseable {

    private final DingTalkApp app;
    private final StreamSubscriber subscriber;

    Registration(DingTalkApp app, StreamSubscriber subscriber) {
        this.app = app;
        this.subscriber = subscriber;
    }

    /** Leaves; connections that go away close once the acks of their frames in flight are out. */
    @Override
    public void close() {
        app.unregister(subscriber, DingTalkApp.DRAIN);
    }

    /** The app's Stream connection now; null while nobody subscribes. */
    public ConnectionStatus status() {
        return app.status();
    }
}
