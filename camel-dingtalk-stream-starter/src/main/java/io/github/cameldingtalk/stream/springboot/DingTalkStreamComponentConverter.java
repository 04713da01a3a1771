package io.github.cameldingtalk.stream.springboot;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Lets {@code camel.component.dingtalk-stream.*} name beans for the options that take objects:
 * {@code idempotent-repository: "#myRepository"} (or {@code "#bean:myRepository"}).
 */
@AutoConfiguration
public class DingTalkStreamComponentConverter {

    private static final Set<Class<?>> BEAN_TYPES = Set.of(org.apache.camel.spi.IdempotentRepository.class,
            okhttp3.OkHttpClient.class, io.github.cameldingtalk.stream.DingTalkStreamConfiguration.class);

    @Bean
    @ConfigurationPropertiesBinding
    public GenericConverter dingTalkStreamBeanReferences(ApplicationContext applicationContext) {
        return new GenericConverter() {
            @Override
            public Set<ConvertiblePair> getConvertibleTypes() {
                return Set.of(new ConvertiblePair(String.class, org.apache.camel.spi.IdempotentRepository.class),
                        new ConvertiblePair(String.class, okhttp3.OkHttpClient.class),
                        new ConvertiblePair(String.class, io.github.cameldingtalk.stream.DingTalkStreamConfiguration.class));
            }

            @Override
            public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
                String reference = source == null ? null : source.toString();
                if (reference == null || !reference.startsWith("#") || !BEAN_TYPES.contains(targetType.getType())) {
                    return null;
                }
                String name = reference.startsWith("#bean:") ? reference.substring(6) : reference.substring(1);
                return applicationContext.getBean(name, targetType.getType());
            }
        };
    }
}
