package io.github.cameldingtalk.stream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An interactive card to create and deliver ({@code createAndDeliver}) from a template made in DingTalk's card
 * platform. Its clicks come back to a {@code dingtalk-stream:card} route (callback type STREAM); update it later
 * with a {@link DingTalkCardUpdate} by its {@link #getOutTrackId() outTrackId}.
 *
 * <pre>{@code
 * DingTalkCard.of("a1b2c3.schema").data("title", "Leave request").data("days", 3).toConversation("cidXXXX==")
 * }</pre>
 *
 * The target is the card's ({@link #toConversation}, {@link #toUsers}), else the headers, else the endpoint options,
 * else the conversation of the bot message the route started from.
 */
public final class DingTalkCard {

    private final String cardTemplateId;
    private final Map<String, String> data = new LinkedHashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private String outTrackId = "card_" + UUID.randomUUID().toString().replace("-", "");
    private String openConversationId;

    private DingTalkCard(String cardTemplateId) {
        this.cardTemplateId = cardTemplateId;
    }

    public static DingTalkCard of(String cardTemplateId) {
        return new DingTalkCard(cardTemplateId);
    }

    /** Your id of this card instance (generated when not set); a new card needs a new id. */
    public DingTalkCard outTrackId(String id) {
        this.outTrackId = id;
        return this;
    }

    /** A card variable; values that are not strings are sent as JSON text, as DingTalk requires. */
    public DingTalkCard data(String key, Object value) {
        data.put(key, DingTalkCardUpdate.cardValue(value));
        return this;
    }

    public DingTalkCard toConversation(String conversationId) {
        this.openConversationId = conversationId;
        return this;
    }

    /** Delivers the card 1:1 (in the robot's chat) to these users (userIds, i.e. staffIds). */
    public DingTalkCard toUsers(String... staffIds) {
        userIds.addAll(List.of(staffIds));
        return this;
    }

    public String getCardTemplateId() {
        return cardTemplateId;
    }

    public String getOutTrackId() {
        return outTrackId;
    }

    public Map<String, String> getData() {
        return Map.copyOf(data);
    }

    public String getOpenConversationId() {
        return openConversationId;
    }

    public List<String> getUserIds() {
        return List.copyOf(userIds);
    }
}
