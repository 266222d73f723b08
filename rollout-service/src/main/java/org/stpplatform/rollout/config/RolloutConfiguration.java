package org.stpplatform.rollout.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.stpplatform.rollout.generation.GenerationQueue;
import org.stpplatform.rollout.generation.GenerationService;
import org.stpplatform.rollout.generation.RequestValidator;
import org.stpplatform.rollout.jobs.JobRunner;
import org.stpplatform.rollout.jobs.RewardClient;
import org.stpplatform.rollout.metrics.RolloutMetrics;
import org.stpplatform.rollout.policy.EngineModelBackend;
import org.stpplatform.rollout.policy.ModelBackend;
import org.stpplatform.rollout.policy.ModelHealthIndicator;
import org.stpplatform.rollout.policy.ModelLoader;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.security.ApiTokenFilter;
import org.stpplatform.rollout.web.RequestSizeFilter;
import org.stpplatform.rollout.weights.WeightPushService;

/**
 * Wires the rollout service. Destruction runs in reverse dependency order: the job runner stops
 * first, then the generation queue, then the policy holder closes the model.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RolloutProperties.class, SecurityProperties.class})
class RolloutConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RolloutConfiguration.class);

    @Bean(destroyMethod = "close")
    PolicyHolder policyHolder() {
        return new PolicyHolder();
    }

    @Bean
    ModelBackend modelBackend(RolloutProperties properties) {
        return new EngineModelBackend(properties);
    }

    @Bean
    RolloutMetrics rolloutMetrics(MeterRegistry registry, PolicyHolder holder) {
        RolloutMetrics metrics = new RolloutMetrics(registry);
        metrics.registerPolicyVersion(() -> holder.current().map(policy -> policy.version()).orElse(-1L));
        return metrics;
    }

    @Bean
    ModelLoader modelLoader(ModelBackend backend, PolicyHolder holder, RolloutProperties properties) {
        return new ModelLoader(backend, holder, properties);
    }

    /** Named "model", the member of the readiness group in application.yml. */
    @Bean("model")
    ModelHealthIndicator modelHealthIndicator(ModelLoader loader, PolicyHolder holder) {
        return new ModelHealthIndicator(loader, holder);
    }

    @Bean(destroyMethod = "close")
    GenerationQueue generationQueue(PolicyHolder holder, RolloutMetrics metrics, RolloutProperties properties) {
        return new GenerationQueue(holder, metrics, properties.workers(), properties.queueCapacity(),
                properties.tokenBudget());
    }

    @Bean
    RequestValidator requestValidator(RolloutProperties properties) {
        return new RequestValidator(properties.limits());
    }

    @Bean
    GenerationService generationService(GenerationQueue queue, PolicyHolder holder, RequestValidator validator) {
        return new GenerationService(queue, holder, validator);
    }

    @Bean
    WeightPushService weightPushService(PolicyHolder holder, ModelBackend backend, RolloutMetrics metrics,
            RolloutProperties properties) {
        return new WeightPushService(holder, backend, metrics, properties.limits().maxWeightsSize().toBytes());
    }

    @Bean
    RewardClient rewardClient(RestClient.Builder builder, RolloutProperties properties) {
        return new RewardClient(builder, properties.jobs());
    }

    @Bean(destroyMethod = "close")
    JobRunner jobRunner(GenerationQueue queue, PolicyHolder holder, RequestValidator validator,
            RewardClient rewardClient, RolloutProperties properties) {
        return new JobRunner(queue, holder, validator, rewardClient, properties.jobs());
    }

    /** Bounds the JSON bodies of generate requests and jobs; weight pushes have their own limit. */
    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(RolloutProperties properties) {
        FilterRegistrationBean<RequestSizeFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeFilter(properties.limits().maxRequestSize().toBytes()));
        registration.addUrlPatterns("/v1/generate", "/v1/jobs");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Protects weights and jobs when {@code stp.security.api-token} is set; logs the mode either way. */
    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(SecurityProperties security) {
        FilterRegistrationBean<ApiTokenFilter> registration =
                new FilterRegistrationBean<>(new ApiTokenFilter(security.tokenRequired() ? security.apiToken() : ""));
        registration.addUrlPatterns("/v1/weights", "/v1/weights/*", "/v1/jobs", "/v1/jobs/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setEnabled(security.tokenRequired());
        log.info("Bearer token check on /v1/weights and /v1/jobs enabled={}", security.tokenRequired());
        return registration;
    }
}
