package io.github.cameldingtalk.archfixture.app;

import io.github.cameldingtalk.archfixture.client.Socket;

/** A stand-in for the app layer: it may use the engine. */
public class App {

    public Socket socket() {
        return new Socket();
    }
}
