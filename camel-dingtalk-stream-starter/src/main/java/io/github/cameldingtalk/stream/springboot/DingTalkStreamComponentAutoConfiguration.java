package io.github.cameldingtalk.stream.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the {@code dingtalk-stream} component from {@code camel.component.dingtalk-stream.*}, unless
 * {@code camel.component.dingtalk-stream.enabled=false} (or {@code camel.component.enabled=false}).
 */
@AutoConfiguration(after = {CamelAutoConfiguration.class, DingTalkStreamComponentConverter.class})
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ComponentConfigurationProperties.class, DingTalkStreamComponentConfiguration.class})
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.dingtalk-stream"})
public class DingTalkStreamComponentAutoConfiguration {

    private static final String PREFIX = "camel.component.dingtalk-stream";

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final DingTalkStreamComponentConfiguration configuration;

    public DingTalkStreamComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
            DingTalkStreamComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureDingTalkStreamComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component", PREFIX)
                        && target instanceof io.github.cameldingtalk.stream.DingTalkStreamComponent;
            }
        };
    }
}
