package io.github.cameldingtalk.archfixture.consumer;

import io.github.cameldingtalk.archfixture.client.Socket;

/** What the architecture test must refuse: a consumer class that skips the app layer. */
public class ShortCut {

    public Socket socket() {
        return new Socket();
    }
}
