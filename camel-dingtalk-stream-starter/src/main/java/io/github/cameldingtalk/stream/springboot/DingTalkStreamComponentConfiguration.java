package io.github.cameldingtalk.stream.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code camel.component.dingtalk-stream.*}: the dingtalk-stream component's options, the defaults of every
 * endpoint. Generated from the component's JSON by ComponentConfigurationSourceTest: do not edit by hand.
 */
@ConfigurationProperties(prefix = "camel.component.dingtalk-stream")
public class DingTalkStreamComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the dingtalk-stream component. This is enabled by default.
     */
    private Boolean enabled;

    /**
     * The card variable the AI answer is streamed into (bound to markdown in the template).
     */
    private String aiCardContentKey = "msgContent";

    /**
     * The AI card template used when a bot route's output is a stream of text chunks (a Stream, Iterator, Iterable
     * such as a non-empty List, or Flow.Publisher): the answer grows in a card of this template. Default:
     * DingTalk's public markdown AI card template.
     */
    private String aiCardTemplateId = "382e4302-551d-4880-bf29-a30acfab2e71.schema";

    /**
     * The shortest time between two updates of a streamed AI card: chunks arriving faster are gathered into one
     * update (the newest text wins). The app's live cards share apiRateLimit on top: finishing frames first, then
     * the card with the fewest updates so far. Durations: 500ms, 30s, 1m, or milliseconds.
     */
    private String aiCardUpdateInterval = "500ms";

    /**
     * Component-level configuration: the defaults of every endpoint (credentials, apiUrl and the other options).
     */
    private io.github.cameldingtalk.stream.DingTalkStreamConfiguration configuration;

    /**
     * AFTER_ROUTE acks when the route completes, with its outcome and output, and for bot messages only after the
     * reply was accepted. IMMEDIATE acks on receipt and then routes, for routes slower than DingTalk's redelivery
     * window (about 60 s); failures then only reach the exception handler, and the reply still goes out after the
     * route.
     */
    private io.github.cameldingtalk.stream.AckMode ackMode = io.github.cameldingtalk.stream.AckMode.AFTER_ROUTE;

    /**
     * With AFTER_ROUTE: when the route has not completed within this time, send the success ack anyway (events
     * SUCCESS, callbacks an empty response) so DingTalk does not redeliver, while the exchange goes on. 0 (default)
     * waits for the route. Durations: 500ms, 30s, 1m, or milliseconds.
     */
    private String ackTimeout = "0";

    /**
     * Frames that may wait for a free slot while maxConcurrency exchanges run, so that bursts are absorbed instead
     * of handed back. Beyond maxConcurrency and backlog together, events are acked LATER and callbacks left unacked
     * (DingTalk redelivers them). 0 hands back at once.
     */
    private Integer backlog = 1000;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed
     * as a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party
     * component allows Camel to be alerted if an exception was thrown. Some components handle this internally only,
     * and therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to
     * hook into the 3rd party component and make this possible for future releases. By default the consumer will
     * use the org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR
     * level and ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * Where messages being processed are claimed, when not in the idempotentRepository (which then holds only done
     * messages). Use a repository whose entries expire unless their owner keeps them alive, such as the component's
     * JdbcClaimRepository: then a message claimed by an instance that died is taken over by another one once the
     * claim is older than its max age. Without it a dead instance's claims never expire and those messages are
     * handed back until DingTalk gives up. Its add must be atomic across instances.
     */
    private org.apache.camel.spi.IdempotentRepository claimRepository;

    /**
     * Only for the events topic: comma-separated event types to route, e.g. user_add_org,chat_update_title. Other
     * events are acked SUCCESS without routing. All events when empty.
     */
    private String eventTypes;

    /**
     * Drops duplicates: a message whose messageId, bot msgId or event eventId is done (its side effect happened) is
     * acked at once without routing; a duplicate of a message another exchange or instance is still working on is
     * handed back (events LATER) so DingTalk delivers it again later. A failed exchange removes its claim so the
     * redelivery is processed. Use a shared repository (JDBC, Redis, Infinispan and others) across instances of the
     * app.
     */
    private org.apache.camel.spi.IdempotentRepository idempotentRepository;

    /**
     * Exchanges processed at the same time (the size of the consumer's thread pool). Up to backlog more frames wait
     * for a slot; beyond that events are acked LATER and callbacks left unacked, so DingTalk delivers them again
     * later; nothing is queued without bound.
     */
    private Integer maxConcurrency = 64;

    /**
     * Bot messages: messages one person sends in a row become one question. Messages of a conversation that queued
     * behind the one being answered, from the same sender in a row, are routed together as one exchange when it
     * ends: the body is one DingTalkBotMessage whose text joins theirs (one per line) and whose getMessages() lists
     * each; every merged message is acked after the one reply, or handed back with the others on failure. Needs
     * orderPerConversation. Off by default: each message is its own exchange.
     */
    private Boolean mergeBursts = false;

    /**
     * Bot messages, with mergeBursts: how long the first message of an idle conversation waits for more from the
     * same sender before it is routed (e.g. 1500ms for people who type a question in several quick messages). Adds
     * that much to every answer; 0 (default) routes at once and merges only what queued behind a running exchange.
     * Durations: 500ms, 30s, 1m, or milliseconds.
     */
    private String mergeWindow = "0";

    /**
     * For bot messages: messages of one conversation are routed one after another, in the order they arrived, so
     * their replies are in order too; different conversations run in parallel up to maxConcurrency. Waiting
     * messages count toward backlog. The order holds within one consumer (DingTalk may deliver to other instances
     * of the app).
     */
    private Boolean orderPerConversation = true;

    /**
     * Bot replies: when the message's sessionWebhook has expired (it lives about 90 minutes, so a long generation
     * or a message queued during an outage outlives it) or DingTalk answers 300001, send the reply once through the
     * robot OpenAPI into the same conversation instead (a group by its conversationId, a 1:1 chat to the sender's
     * staffId; text, markdown, link and actionCard replies; -mentions are lost on that path). Needs the app's robot
     * permission to send. false fails the exchange instead.
     */
    private Boolean replyFallback = true;

    /**
     * Bot replies: posts made at most for one reply. Only what DingTalk did not process is posted again (no
     * connection, HTTP 5xx or 429, a 403 QpsLimit, throttling errcodes such as 90018); a reply whose outcome is
     * unknown (written, then no answer) is never posted again: the message is acked and the exception handler gets
     * a DingTalkOutcomeUnknownException. A refusal (e.g. 40035) fails at once.
     */
    private Integer replyMaxAttempts = 3;

    /**
     * Bot replies: the time within which a reply must be accepted by DingTalk, all attempts included. A reply not
     * delivered in time fails the exchange (ack 500, so DingTalk may deliver the message again). Durations: 500ms,
     * 30s, 1m, or milliseconds.
     */
    private String replyTimeout = "10s";

    /**
     * Live connections kept for the app (kept at this number through reconnects and handovers); DingTalk spreads
     * messages over them. Shared by the app's routes: a route that sets another number than the routes already
     * running fails to start; set it on the component.
     */
    private Integer connections = 1;

    /**
     * Replace each connection once it is this old, opening the new one before retiring the old (make-before-break).
     * 0 (default) keeps connections as long as DingTalk does. Shared by the app's routes. Durations: 500ms, 30s,
     * 1m, or milliseconds.
     */
    private String connectionTtl = "0";

    /**
     * Interval of WebSocket pings; when a pong is missing by the next ping the connection is closed and reopened,
     * so a dead (half-open) connection is found within twice this interval (10 s by default). 0 disables pings.
     * Shared by the app's routes. Durations: 500ms, 30s, 1m, or milliseconds.
     */
    private String pingInterval = "5s";

    /**
     * First delay before reconnecting after a failure; it doubles per failed attempt, with jitter, up to
     * reconnectMaxDelay. Reconnecting never gives up while the route runs. Shared by the app's routes. Durations:
     * 500ms, 30s, 1m, or milliseconds.
     */
    private String reconnectInitialDelay = "1s";

    /**
     * Longest delay between reconnect attempts. Shared by the app's routes. Durations: 500ms, 30s, 1m, or
     * milliseconds.
     */
    private String reconnectMaxDelay = "60s";

    /**
     * Bot replies: the wait before the second attempt; it doubles per attempt, with jitter (between half and all of
     * it). Durations: 500ms, 30s, 1m, or milliseconds.
     */
    private String replyRetryDelay = "1s";

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to
     * allow CamelContext and routes to startup in situations where a producer may otherwise fail during starting
     * and cause the route to fail being started. By deferring this startup to be lazy then the startup failure can
     * be handled during routing messages via Camel's routing error handlers. Beware that when the first message is
     * processed then creating and starting the producer may take a little time and prolong the total processing
     * time of the processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * Producer: the title of markdown messages made from a String body (messageType=markdown).
     */
    private String markdownTitle = "Message";

    /**
     * Producer: how sendMessage sends a body that is not a DingTalkMessage: as a text message, or as a markdown
     * message titled markdownTitle (the title shows in the chat list and notifications).
     */
    private String messageType = "text";

    /**
     * Producer: default group of sendMessage and recallMessage, its openConversationId (the conversationId of its
     * incoming messages).
     */
    private String openConversationId;

    /**
     * What the producer does when neither the body type nor the CamelDingTalkStreamOperation header says:
     * sendMessage (robot message to users or a group), recallMessage (by processQueryKey), downloadFile (a received
     * file's downloadCode to its bytes), createCard, updateCard, streamCard (AI card), uploadMedia. Default:
     * sendMessage.
     */
    private io.github.cameldingtalk.stream.DingTalkStreamOperation operation;

    /**
     * Producer: default recipients of sendMessage, comma-separated userIds (staffIds), sent 1:1 in one batch.
     */
    private String userIds;

    /**
     * OpenAPI calls: attempts at most. Only what DingTalk did not process is retried (no connection, HTTP 5xx or
     * 429, a 403 QpsLimit answer); a send, card creation, recall or upload whose outcome is unknown fails with a
     * DingTalkOutcomeUnknownException and is never repeated (idempotent calls such as streaming frames are); an
     * invalid access token is refreshed and the call retried once, on top.
     */
    private Integer apiMaxAttempts = 3;

    /**
     * Client-side limit of OpenAPI calls per second, per app and API (DingTalk allows about 20 for a standard app):
     * a call takes its slot once its access token is in hand, at most this many start in any sliding second, the
     * first ones of a burst included; calls beyond it wait for their turn instead of being refused, and one whose
     * turn would come after its deadline fails at once (code ClientRateLimit). 0 turns the limit off.
     */
    private Double apiRateLimit = 20.0;

    /**
     * OpenAPI calls: the time within which a call must succeed, retries and rate-limit waits included. Durations:
     * 500ms, 30s, 1m, or milliseconds.
     */
    private String apiTimeout = "30s";

    /**
     * Base URL of DingTalk's legacy API host, where media are uploaded; a simulator's URL in tests.
     */
    private String oapiUrl = "https://oapi.dingtalk.com";

    /**
     * Producer: the robotCode of sends, recalls and downloads. Default: the clientId (an internal app's robot).
     */
    private String robotCode;

    /**
     * Base URL of DingTalk's open API, where the Stream connection is opened. Use https://api.dingtalk.io for the
     * overseas service, or a simulator's URL in tests.
     */
    private String apiUrl = "https://api.dingtalk.com";

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then
     * gets configured on the component. This can be used for automatic configuring JDBC data sources, JMS
     * connection factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * The OkHttp client to use (proxy, TLS, connection pool). A single OkHttpClient in the registry is used
     * automatically. It is used as it is: its dispatcher limits every call of the app, so give it
     * maxRequestsPerHost of at least maxConcurrency. Without it the component sizes its own: replies of each
     * consumer on a dispatcher of maxConcurrency calls, OpenAPI calls on another.
     */
    private okhttp3.OkHttpClient okHttpClient;

    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by
     * default disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    /**
     * Proxy host for the component's own HTTP client: the Stream connection, OpenAPI calls and replies go through
     * it. Not set: the JVM's proxy properties apply (http.proxyHost, https.proxyHost, socksProxyHost, and their
     * nonProxyHosts). Not used with an okHttpClient of your own.
     */
    private String proxyHost;

    /**
     * Password for an HTTP proxy that asks for Basic authentication (407).
     * <p>A secret: keep it out of files under version control.
     */
    private String proxyPassword;

    /**
     * Proxy port (with proxyHost).
     */
    private java.lang.Integer proxyPort;

    /**
     * Proxy type: HTTP (CONNECT tunnels for TLS) or SOCKS (SOCKS5; without authentication).
     */
    private String proxyType = "HTTP";

    /**
     * Username for an HTTP proxy that asks for Basic authentication (407).
     * <p>A secret: keep it out of files under version control.
     */
    private String proxyUsername;

    /**
     * The app's AppKey (internal app) or SuiteKey (ISV app).
     */
    private String clientId;

    /**
     * The app's AppSecret or SuiteSecret. Never logged; masked in the endpoint URI.
     * <p>A secret: keep it out of files under version control.
     */
    private String clientSecret;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getAiCardContentKey() {
        return aiCardContentKey;
    }

    public void setAiCardContentKey(String aiCardContentKey) {
        this.aiCardContentKey = aiCardContentKey;
    }

    public String getAiCardTemplateId() {
        return aiCardTemplateId;
    }

    public void setAiCardTemplateId(String aiCardTemplateId) {
        this.aiCardTemplateId = aiCardTemplateId;
    }

    public String getAiCardUpdateInterval() {
        return aiCardUpdateInterval;
    }

    public void setAiCardUpdateInterval(String aiCardUpdateInterval) {
        this.aiCardUpdateInterval = aiCardUpdateInterval;
    }

    public io.github.cameldingtalk.stream.DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(io.github.cameldingtalk.stream.DingTalkStreamConfiguration configuration) {
        this.configuration = configuration;
    }

    public io.github.cameldingtalk.stream.AckMode getAckMode() {
        return ackMode;
    }

    public void setAckMode(io.github.cameldingtalk.stream.AckMode ackMode) {
        this.ackMode = ackMode;
    }

    public String getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(String ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public Integer getBacklog() {
        return backlog;
    }

    public void setBacklog(Integer backlog) {
        this.backlog = backlog;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public org.apache.camel.spi.IdempotentRepository getClaimRepository() {
        return claimRepository;
    }

    public void setClaimRepository(org.apache.camel.spi.IdempotentRepository claimRepository) {
        this.claimRepository = claimRepository;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
    }

    public org.apache.camel.spi.IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(org.apache.camel.spi.IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public Boolean getMergeBursts() {
        return mergeBursts;
    }

    public void setMergeBursts(Boolean mergeBursts) {
        this.mergeBursts = mergeBursts;
    }

    public String getMergeWindow() {
        return mergeWindow;
    }

    public void setMergeWindow(String mergeWindow) {
        this.mergeWindow = mergeWindow;
    }

    public Boolean getOrderPerConversation() {
        return orderPerConversation;
    }

    public void setOrderPerConversation(Boolean orderPerConversation) {
        this.orderPerConversation = orderPerConversation;
    }

    public Boolean getReplyFallback() {
        return replyFallback;
    }

    public void setReplyFallback(Boolean replyFallback) {
        this.replyFallback = replyFallback;
    }

    public Integer getReplyMaxAttempts() {
        return replyMaxAttempts;
    }

    public void setReplyMaxAttempts(Integer replyMaxAttempts) {
        this.replyMaxAttempts = replyMaxAttempts;
    }

    public String getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(String replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public Integer getConnections() {
        return connections;
    }

    public void setConnections(Integer connections) {
        this.connections = connections;
    }

    public String getConnectionTtl() {
        return connectionTtl;
    }

    public void setConnectionTtl(String connectionTtl) {
        this.connectionTtl = connectionTtl;
    }

    public String getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(String pingInterval) {
        this.pingInterval = pingInterval;
    }

    public String getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(String reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public String getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(String reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public String getReplyRetryDelay() {
        return replyRetryDelay;
    }

    public void setReplyRetryDelay(String replyRetryDelay) {
        this.replyRetryDelay = replyRetryDelay;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public String getMarkdownTitle() {
        return markdownTitle;
    }

    public void setMarkdownTitle(String markdownTitle) {
        this.markdownTitle = markdownTitle;
    }

    public String getMessageType() {
        return messageType;
    }

    public void setMessageType(String messageType) {
        this.messageType = messageType;
    }

    public String getOpenConversationId() {
        return openConversationId;
    }

    public void setOpenConversationId(String openConversationId) {
        this.openConversationId = openConversationId;
    }

    public io.github.cameldingtalk.stream.DingTalkStreamOperation getOperation() {
        return operation;
    }

    public void setOperation(io.github.cameldingtalk.stream.DingTalkStreamOperation operation) {
        this.operation = operation;
    }

    public String getUserIds() {
        return userIds;
    }

    public void setUserIds(String userIds) {
        this.userIds = userIds;
    }

    public Integer getApiMaxAttempts() {
        return apiMaxAttempts;
    }

    public void setApiMaxAttempts(Integer apiMaxAttempts) {
        this.apiMaxAttempts = apiMaxAttempts;
    }

    public Double getApiRateLimit() {
        return apiRateLimit;
    }

    public void setApiRateLimit(Double apiRateLimit) {
        this.apiRateLimit = apiRateLimit;
    }

    public String getApiTimeout() {
        return apiTimeout;
    }

    public void setApiTimeout(String apiTimeout) {
        this.apiTimeout = apiTimeout;
    }

    public String getOapiUrl() {
        return oapiUrl;
    }

    public void setOapiUrl(String oapiUrl) {
        this.oapiUrl = oapiUrl;
    }

    public String getRobotCode() {
        return robotCode;
    }

    public void setRobotCode(String robotCode) {
        this.robotCode = robotCode;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public okhttp3.OkHttpClient getOkHttpClient() {
        return okHttpClient;
    }

    public void setOkHttpClient(okhttp3.OkHttpClient okHttpClient) {
        this.okHttpClient = okHttpClient;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public java.lang.Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(java.lang.Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyType() {
        return proxyType;
    }

    public void setProxyType(String proxyType) {
        this.proxyType = proxyType;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }
}
