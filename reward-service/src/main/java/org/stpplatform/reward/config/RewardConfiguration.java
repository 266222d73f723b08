package org.stpplatform.reward.config;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans shared by the features of the reward service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RewardProperties.class)
@EnableScheduling
public class RewardConfiguration {

    private static final String PREFIX = "stp.reward";

    RewardConfiguration(Environment environment) {
        rejectUnknownKeys(environment);
    }

    /**
     * Fails the start when a key under {@code stp.reward} matches no setting, so that a misspelt
     * limit is not silently ignored. {@code ignoreUnknownFields = false} did not reject unknown keys
     * inside the nested records in a Spring Boot 4.0.7 run, so the keys are compared here with the
     * record components. Environment variables are not checked because their names map to keys
     * ambiguously.
     */
    static void rejectUnknownKeys(Environment environment) {
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
        Set<String> known = new HashSet<>();
        collectKeys(PREFIX, RewardProperties.class, known);
        Set<String> unknown = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                    || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream()
                    .filter(prefix::isAncestorOf)
                    .map(ConfigurationPropertyName::toString)
                    .filter(name -> !known.contains(name))
                    .forEach(unknown::add);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Unknown settings " + String.join(", ", unknown)
                    + "; check their spelling against the " + PREFIX + " keys of application.yml");
        }
    }

    /** Adds the dashed key of every leaf component of a settings record, descending into nested records. */
    private static void collectKeys(String path, Class<?> type, Set<String> keys) {
        for (RecordComponent component : type.getRecordComponents()) {
            String key = path + "." + DataObjectPropertyName.toDashedForm(component.getName());
            if (component.getType().isRecord()) {
                collectKeys(key, component.getType(), keys);
            } else {
                keys.add(key);
            }
        }
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RewardProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.limits().maxRequestBytes()));
        // After the request-id filter of common, so that rejections are logged with the id.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    /** Clock for lease times; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
