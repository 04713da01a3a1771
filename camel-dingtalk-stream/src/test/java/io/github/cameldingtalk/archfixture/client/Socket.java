package io.github.cameldingtalk.archfixture.client;

/** A stand-in for a class of the Stream engine. */
public class Socket {
}
