package io.github.cameldingtalk.stream;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of a dingtalk-stream endpoint; set on the component they become every endpoint's defaults. */
@UriParams
public class DingTalkStreamConfiguration implements Cloneable {

    @UriPath(description = "What to receive: bot (bot messages), card (card callbacks), events (all events the app"
                           + " subscribed to in the developer console), or any callback topic starting with /,"
                           + " e.g. /v1.0/graph/api/invoke.")
    @Metadata(required = true)
    private String topic;

    @UriParam(label = "security", description = "The app's AppKey (internal app) or SuiteKey (ISV app).")
    @Metadata(required = true)
    private String clientId;

    @UriParam(label = "security", secret = true,
              description = "The app's AppSecret or SuiteSecret. Never logged; masked in the endpoint URI.")
    @Metadata(required = true)
    private String clientSecret;

    @UriParam(label = "advanced", defaultValue = "https://api.dingtalk.com",
              description = "Base URL of DingTalk's open API, where the Stream connection is opened. Use"
                            + " https://api.dingtalk.io for the overseas service, or a simulator's URL in tests.")
    private String apiUrl = "https://api.dingtalk.com";

    @UriParam(label = "consumer", description = "Only for the events topic: comma-separated event types to route,"
                                                 + " e.g. user_add_org,chat_update_title. Other events are acked SUCCESS"
                                                 + " without routing. All events when empty.")
    private String eventTypes;

    @UriParam(label = "consumer", defaultValue = "64",
              description = "Exchanges processed at the same time (the size of the consumer's thread pool). Up to"
                            + " backlog more frames wait for a slot; beyond that events are acked LATER and callbacks"
                            + " left unacked, so DingTalk delivers them again later; nothing is queued without bound.")
    private int maxConcurrency = 64;

    @UriParam(label = "consumer", defaultValue = "1000",
              description = "Frames that may wait for a free slot while maxConcurrency exchanges run, so that bursts"
                            + " are absorbed instead of handed back. Beyond maxConcurrency and backlog together, events are acked"
                            + " LATER and callbacks left unacked (DingTalk redelivers them). 0 hands back at once.")
    private int backlog = 1000;

    @UriParam(label = "consumer,advanced", defaultValue = "1s", javaType = "java.time.Duration",
              description = "First delay before reconnecting after a failure; it doubles per failed attempt, with"
                            + " jitter, up to reconnectMaxDelay. Reconnecting never gives up while the route runs."
                            + " Shared by the app's routes.")
    private long reconnectInitialDelay = 1000;

    @UriParam(label = "consumer,advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "Longest delay between reconnect attempts. Shared by the app's routes.")
    private long reconnectMaxDelay = 60000;

    @UriParam(label = "consumer,advanced", defaultValue = "5s", javaType = "java.time.Duration",
              description = "Interval of WebSocket pings; when a pong is missing by the next ping the connection is"
                            + " closed and reopened, so a dead (half-open) connection is found within twice this"
                            + " interval (10 s by default). 0 disables pings. Shared by the app's routes.")
    private long pingInterval = 5000;

    @UriParam(label = "consumer,advanced", defaultValue = "1",
              description = "Live connections kept for the app (kept at this number through reconnects and handovers);"
                            + " DingTalk spreads messages over them. Shared by the app's routes: a route that sets"
                            + " another number than the routes already running fails to start; set it on the component.")
    private int connections = 1;

    @UriParam(label = "consumer,advanced", defaultValue = "0", javaType = "java.time.Duration",
              description = "Replace each connection once it is this old, opening the new one before retiring the old"
                            + " (make-before-break). 0 (default) keeps connections as long as DingTalk does. Shared by"
                            + " the app's routes.")
    private long connectionTtl;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "For bot messages: messages of one conversation are routed one after another, in the"
                            + " order they arrived, so their replies are in order too; different conversations run in"
                            + " parallel up to maxConcurrency. Waiting messages count toward backlog. The order holds"
                            + " within one consumer (DingTalk may deliver to other instances of the app).")
    private boolean orderPerConversation = true;

    @UriParam(label = "consumer", defaultValue = "false",
              description = "Bot messages: messages one person sends in a row become one question. Messages of a"
                            + " conversation that queued behind the one being answered, from the same sender in a row,"
                            + " are routed together as one exchange when it ends: the body is one DingTalkBotMessage"
                            + " whose text joins theirs (one per line) and whose getMessages() lists each; every merged"
                            + " message is acked after the one reply, or handed back with the others on failure."
                            + " Needs orderPerConversation. Off by default: each message is its own exchange.")
    private boolean mergeBursts;

    @UriParam(label = "consumer", defaultValue = "0", javaType = "java.time.Duration",
              description = "Bot messages, with mergeBursts: how long the first message of an idle conversation waits"
                            + " for more from the same sender before it is routed (e.g. 1500ms for people who type a"
                            + " question in several quick messages). Adds that much to every answer; 0 (default)"
                            + " routes at once and merges only what queued behind a running exchange.")
    private long mergeWindow;

    @UriParam(label = "consumer", defaultValue = "10s", javaType = "java.time.Duration",
              description = "Bot replies: the time within which a reply must be accepted by DingTalk, all attempts"
                            + " included. A reply not delivered in time fails the exchange (ack 500, so DingTalk may"
                            + " deliver the message again).")
    private long replyTimeout = 10000;

    @UriParam(label = "consumer", defaultValue = "3",
              description = "Bot replies: posts made at most for one reply. Only what DingTalk did not process is"
                            + " posted again (no connection, HTTP 5xx or 429, a 403 QpsLimit, throttling errcodes such"
                            + " as 90018); a reply whose outcome is unknown (written, then no answer) is never posted"
                            + " again: the message is acked and the exception handler gets a"
                            + " DingTalkOutcomeUnknownException. A refusal (e.g. 40035) fails at once.")
    private int replyMaxAttempts = 3;

    @UriParam(label = "consumer,advanced", defaultValue = "1s", javaType = "java.time.Duration",
              description = "Bot replies: the wait before the second attempt; it doubles per attempt, with jitter"
                            + " (between half and all of it).")
    private long replyRetryDelay = 1000;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "Bot replies: when the message's sessionWebhook has expired (it lives about 90 minutes, so a"
                            + " long generation or a message queued during an outage outlives it) or DingTalk answers"
                            + " 300001, send the reply once through the robot OpenAPI into the same conversation instead"
                            + " (a group by its conversationId, a 1:1 chat to the sender's staffId; text, markdown, link"
                            + " and actionCard replies; @-mentions are lost on that path). Needs the app's robot"
                            + " permission to send. false fails the exchange instead.")
    private boolean replyFallback = true;

    @UriParam(label = "consumer", defaultValue = "AFTER_ROUTE", enums = "AFTER_ROUTE,IMMEDIATE",
              description = "AFTER_ROUTE acks when the route completes, with its outcome and output, and for bot"
                            + " messages only after the reply was accepted. IMMEDIATE acks on receipt and then routes,"
                            + " for routes slower than DingTalk's redelivery window (about 60 s); failures then only"
                            + " reach the exception handler, and the reply still goes out after the route.")
    private AckMode ackMode = AckMode.AFTER_ROUTE;

    @UriParam(label = "consumer", defaultValue = "0", javaType = "java.time.Duration",
              description = "With AFTER_ROUTE: when the route has not completed within this time, send the success ack"
                            + " anyway (events SUCCESS, callbacks an empty response) so DingTalk does not redeliver,"
                            + " while the exchange goes on. 0 (default) waits for the route.")
    private long ackTimeout;

    @UriParam(label = "consumer", description = "Drops duplicates: a message whose messageId, bot msgId or event"
                                                 + " eventId is done (its side effect happened) is acked at once without"
                                                 + " routing; a duplicate of a message another exchange or instance is"
                                                 + " still working on is handed back (events LATER) so DingTalk delivers"
                                                 + " it again later. A failed exchange removes its claim so the"
                                                 + " redelivery is processed. Use a shared repository (JDBC, Redis,"
                                                 + " Infinispan and others) across instances of the app.")
    private org.apache.camel.spi.IdempotentRepository idempotentRepository;

    @UriParam(label = "consumer", description = "Where messages being processed are claimed, when not in the"
                                                 + " idempotentRepository (which then holds only done messages). Use"
                                                 + " a repository whose entries expire unless their owner keeps them"
                                                 + " alive, such as the component's JdbcClaimRepository: then a message"
                                                 + " claimed by an instance that died is taken over by another one once"
                                                 + " the claim is older than its max age. Without it a dead instance's"
                                                 + " claims never expire and those messages are handed back until"
                                                 + " DingTalk gives up. Its add must be atomic across instances.")
    private org.apache.camel.spi.IdempotentRepository claimRepository;

    @UriParam(label = "producer", enums = "sendMessage,recallMessage,downloadFile,createCard,updateCard,streamCard,uploadMedia",
              description = "What the producer does when neither the body type nor the CamelDingTalkStreamOperation"
                            + " header says: sendMessage (robot message to users or a group), recallMessage (by"
                            + " processQueryKey), downloadFile (a received file's downloadCode to its bytes), createCard,"
                            + " updateCard, streamCard (AI card), uploadMedia. Default: sendMessage.")
    private DingTalkStreamOperation operation;

    @UriParam(label = "producer", description = "Producer: default recipients of sendMessage, comma-separated userIds"
                                                 + " (staffIds), sent 1:1 in one batch.")
    private String userIds;

    @UriParam(label = "producer", description = "Producer: default group of sendMessage and recallMessage, its"
                                                 + " openConversationId (the conversationId of its incoming messages).")
    private String openConversationId;

    @UriParam(label = "producer", enums = "text,markdown", defaultValue = "text",
              description = "Producer: how sendMessage sends a body that is not a DingTalkMessage: as a text message,"
                            + " or as a markdown message titled markdownTitle (the title shows in the chat list and"
                            + " notifications).")
    private String messageType = "text";

    @UriParam(label = "producer", defaultValue = "Message",
              description = "Producer: the title of markdown messages made from a String body (messageType=markdown).")
    private String markdownTitle = "Message";

    @UriParam(label = "producer,advanced", description = "Producer: the robotCode of sends, recalls and downloads."
                                                          + " Default: the clientId (an internal app's robot).")
    private String robotCode;

    @UriParam(label = "producer,advanced", defaultValue = "https://oapi.dingtalk.com",
              description = "Base URL of DingTalk's legacy API host, where media are uploaded; a simulator's URL in"
                            + " tests.")
    private String oapiUrl = "https://oapi.dingtalk.com";

    @UriParam(label = "producer,advanced", defaultValue = "20",
              description = "Client-side limit of OpenAPI calls per second, per app and API (DingTalk allows about 20"
                            + " for a standard app): a call takes its slot once its access token is in hand, at most"
                            + " this many start in any sliding second, the first ones of a burst included; calls"
                            + " beyond it wait for their turn instead of being refused, and one whose turn would come"
                            + " after its deadline fails at once (code ClientRateLimit). 0 turns the limit off.")
    private double apiRateLimit = 20;

    @UriParam(label = "producer,advanced", defaultValue = "3",
              description = "OpenAPI calls: attempts at most. Only what DingTalk did not process is retried (no"
                            + " connection, HTTP 5xx or 429, a 403 QpsLimit answer); a send, card creation, recall or"
                            + " upload whose outcome is unknown fails with a DingTalkOutcomeUnknownException and is"
                            + " never repeated (idempotent calls such as streaming frames are); an invalid access"
                            + " token is refreshed and the call retried once, on top.")
    private int apiMaxAttempts = 3;

    @UriParam(label = "producer,advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "OpenAPI calls: the time within which a call must succeed, retries and rate-limit waits"
                            + " included.")
    private long apiTimeout = 30000;

    @UriParam(label = "common", defaultValue = "382e4302-551d-4880-bf29-a30acfab2e71.schema",
              description = "The AI card template used when a bot route's output is a stream of text chunks (a"
                            + " Stream, Iterator, Iterable such as a non-empty List, or Flow.Publisher): the answer grows in a card of this"
                            + " template. Default: DingTalk's public markdown AI card template.")
    private String aiCardTemplateId = "382e4302-551d-4880-bf29-a30acfab2e71.schema";

    @UriParam(label = "common", defaultValue = "msgContent",
              description = "The card variable the AI answer is streamed into (bound to markdown in the template).")
    private String aiCardContentKey = "msgContent";

    @UriParam(label = "common", defaultValue = "500ms", javaType = "java.time.Duration",
              description = "The shortest time between two updates of a streamed AI card: chunks arriving faster are"
                            + " gathered into one update (the newest text wins). The app's live cards share apiRateLimit"
                            + " on top: finishing frames first, then the card with the fewest updates so far.")
    private long aiCardUpdateInterval = 500;

    @UriParam(label = "advanced", description = "The OkHttp client to use (proxy, TLS, connection pool). A single"
                                                 + " OkHttpClient in the registry is used automatically. It is used as"
                                                 + " it is: its dispatcher limits every call of the app, so give it"
                                                 + " maxRequestsPerHost of at least maxConcurrency. Without it the"
                                                 + " component sizes its own: replies of each consumer on a dispatcher"
                                                 + " of maxConcurrency calls, OpenAPI calls on another.")
    @Metadata(autowired = true)
    private OkHttpClient okHttpClient;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
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

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
    }

    /** The eventTypes filter as a set; empty means every event. */
    public Set<String> eventTypeSet() {
        Set<String> types = new LinkedHashSet<>();
        if (eventTypes != null) {
            Arrays.stream(eventTypes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(types::add);
        }
        return types;
    }

    public int getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    public long getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(long reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public long getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(long pingInterval) {
        this.pingInterval = pingInterval;
    }

    public int getConnections() {
        return connections;
    }

    public void setConnections(int connections) {
        this.connections = connections;
    }

    public long getConnectionTtl() {
        return connectionTtl;
    }

    public void setConnectionTtl(long connectionTtl) {
        this.connectionTtl = connectionTtl;
    }

    public boolean isOrderPerConversation() {
        return orderPerConversation;
    }

    public void setOrderPerConversation(boolean orderPerConversation) {
        this.orderPerConversation = orderPerConversation;
    }

    public boolean isMergeBursts() {
        return mergeBursts;
    }

    public void setMergeBursts(boolean mergeBursts) {
        this.mergeBursts = mergeBursts;
    }

    public long getMergeWindow() {
        return mergeWindow;
    }

    public void setMergeWindow(long mergeWindow) {
        this.mergeWindow = mergeWindow;
    }

    public long getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(long replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public int getReplyMaxAttempts() {
        return replyMaxAttempts;
    }

    public void setReplyMaxAttempts(int replyMaxAttempts) {
        this.replyMaxAttempts = replyMaxAttempts;
    }

    public long getReplyRetryDelay() {
        return replyRetryDelay;
    }

    public void setReplyRetryDelay(long replyRetryDelay) {
        this.replyRetryDelay = replyRetryDelay;
    }

    public DingTalkStreamOperation getOperation() {
        return operation;
    }

    public void setOperation(DingTalkStreamOperation operation) {
        this.operation = operation;
    }

    public String getUserIds() {
        return userIds;
    }

    public void setUserIds(String userIds) {
        this.userIds = userIds;
    }

    public String getMessageType() {
        return messageType;
    }

    public void setMessageType(String messageType) {
        this.messageType = messageType;
    }

    public String getMarkdownTitle() {
        return markdownTitle;
    }

    public void setMarkdownTitle(String markdownTitle) {
        this.markdownTitle = markdownTitle;
    }

    public String getOpenConversationId() {
        return openConversationId;
    }

    public void setOpenConversationId(String openConversationId) {
        this.openConversationId = openConversationId;
    }

    public String getRobotCode() {
        return robotCode;
    }

    public void setRobotCode(String robotCode) {
        this.robotCode = robotCode;
    }

    /** The robotCode of OpenAPI calls: the option, else the clientId (an internal app's robot). */
    public String robotCodeOrClientId() {
        return robotCode != null ? robotCode : clientId;
    }

    public String getAiCardTemplateId() {
        return aiCardTemplateId;
    }

    public void setAiCardTemplateId(String aiCardTemplateId) {
        this.aiCardTemplateId = aiCardTemplateId;
    }

    public String getAiCardContentKey() {
        return aiCardContentKey;
    }

    public void setAiCardContentKey(String aiCardContentKey) {
        this.aiCardContentKey = aiCardContentKey;
    }

    public long getAiCardUpdateInterval() {
        return aiCardUpdateInterval;
    }

    public void setAiCardUpdateInterval(long aiCardUpdateInterval) {
        this.aiCardUpdateInterval = aiCardUpdateInterval;
    }

    public boolean isReplyFallback() {
        return replyFallback;
    }

    public void setReplyFallback(boolean replyFallback) {
        this.replyFallback = replyFallback;
    }

    public String getOapiUrl() {
        return oapiUrl;
    }

    public void setOapiUrl(String oapiUrl) {
        this.oapiUrl = oapiUrl;
    }

    public double getApiRateLimit() {
        return apiRateLimit;
    }

    public void setApiRateLimit(double apiRateLimit) {
        this.apiRateLimit = apiRateLimit;
    }

    public int getApiMaxAttempts() {
        return apiMaxAttempts;
    }

    public void setApiMaxAttempts(int apiMaxAttempts) {
        this.apiMaxAttempts = apiMaxAttempts;
    }

    public long getApiTimeout() {
        return apiTimeout;
    }

    public void setApiTimeout(long apiTimeout) {
        this.apiTimeout = apiTimeout;
    }

    public AckMode getAckMode() {
        return ackMode;
    }

    public void setAckMode(AckMode ackMode) {
        this.ackMode = ackMode;
    }

    public long getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(long ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public org.apache.camel.spi.IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(org.apache.camel.spi.IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public org.apache.camel.spi.IdempotentRepository getClaimRepository() {
        return claimRepository;
    }

    public void setClaimRepository(org.apache.camel.spi.IdempotentRepository claimRepository) {
        this.claimRepository = claimRepository;
    }

    public OkHttpClient getOkHttpClient() {
        return okHttpClient;
    }

    public void setOkHttpClient(OkHttpClient okHttpClient) {
        this.okHttpClient = okHttpClient;
    }

    public DingTalkStreamConfiguration copy() {
        try {
            return (DingTalkStreamConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
