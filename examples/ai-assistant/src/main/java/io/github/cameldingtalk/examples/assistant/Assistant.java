package io.github.cameldingtalk.examples.assistant;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assistant: a streaming chat model, a system prompt, and a memory per conversation (LangChain4j's message
 * window: the system prompt and the last {@code memoryMessages} messages). Memories of the conversations least
 * recently used go beyond {@code conversations}. One conversation is answered one message at a time (the component
 * orders them), so a memory is never updated by two answers at once.
 */
public final class Assistant {

    private final StreamingChatModel model;
    private final String systemPrompt;
    private final int memoryMessages;
    private final Map<String, ChatMemory> memories;

    public Assistant(StreamingChatModel model, String systemPrompt, int memoryMessages, int conversations) {
        this.model = model;
        this.systemPrompt = systemPrompt;
        this.memoryMessages = memoryMessages;
        this.memories = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ChatMemory> eldest) {
                return size() > conversations;
            }
        };
    }

    /**
     * Answers a message (or a burst merged into one) in its conversation's context: the tokens as they come, for
     * the route's output, so that the answer grows in an AI card. The answer joins the memory once it is whole.
     */
    public Iterator<String> answer(DingTalkBotMessage message) {
        ChatMemory memory = memory(message.getConversationId());
        List<ChatMessage> prompt;
        synchronized (memory) {
            memory.add(UserMessage.from(message.getText() == null ? "" : message.getText()));
            prompt = List.copyOf(memory.messages());
        }
        return new ModelAnswer(model, prompt, text -> {
            synchronized (memory) {
                memory.add(AiMessage.from(text));
            }
        });
    }

    /** Forgets what was said in the conversation ({@code /reset}). */
    public void forget(String conversationId) {
        synchronized (memories) {
            memories.remove(conversationId);
        }
    }

    private ChatMemory memory(String conversationId) {
        synchronized (memories) {
            return memories.computeIfAbsent(conversationId, id -> {
                ChatMemory memory = MessageWindowChatMemory.withMaxMessages(memoryMessages);
                memory.add(SystemMessage.from(systemPrompt));
                return memory;
            });
        }
    }
}
