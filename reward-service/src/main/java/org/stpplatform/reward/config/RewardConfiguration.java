package org.stpplatform.reward.config;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans shared by the features of the reward service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RewardProperties.class)
@EnableScheduling
public class RewardConfiguration {

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
