/**
 * The {@code dingtalk-stream} Camel component: a consumer that keeps DingTalk's Stream long connection and turns
 * every pushed frame into an exchange. The component itself arrives with the consumer issue; this module already
 * builds against Camel 4.18.0, OkHttp and Jackson, and tests against {@code dingtalk-stream-simulator}.
 */
package io.github.cameldingtalk.stream;
