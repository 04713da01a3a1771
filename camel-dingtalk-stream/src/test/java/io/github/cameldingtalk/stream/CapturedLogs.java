package io.github.cameldingtalk.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Every log line of the test JVM, kept in memory so that tests can assert what never appears in them. */
final class CapturedLogs {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private CapturedLogs() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        AbstractAppender appender = new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLevel().name()).append(' ')
                        .append(event.getLoggerName()).append(' ')
                        .append(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                LINES.add(line.toString());
            }
        };
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        installed = true;
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }

    static List<String> linesContaining(String text) {
        return LINES.stream().filter(line -> line.contains(text)).toList();
    }
}
