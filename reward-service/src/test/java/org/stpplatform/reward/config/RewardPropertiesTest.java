package org.stpplatform.reward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.stpplatform.reward.scoring.ScoringMode;

class RewardPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsApplyWithoutSettings() {
        runner.run(context -> {
            RewardProperties properties = context.getBean(RewardProperties.class);

            assertThat(properties.scoring().mode()).isEqualTo(ScoringMode.STRICT);
            assertThat(properties.scoring().perItemDeadline()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.scoring().resolvedThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(properties.limits().maxBatchSize()).isEqualTo(1024);
            assertThat(properties.limits().minGroupSize()).isEqualTo(1);
            assertThat(properties.limits().maxGroupSize()).isEqualTo(256);
            assertThat(properties.queue().maxLeaseSeconds()).isEqualTo(86400);
        });
    }

    @Test
    void settingsBindIgnoringCase() {
        runner.withPropertyValues("stp.reward.scoring.mode=Reference", "stp.reward.scoring.per-item-deadline=250ms",
                "stp.reward.limits.max-group-size=32").run(context -> {
                    RewardProperties properties = context.getBean(RewardProperties.class);

                    assertThat(properties.scoring().mode()).isEqualTo(ScoringMode.REFERENCE);
                    assertThat(properties.scoring().perItemDeadline()).isEqualTo(Duration.ofMillis(250));
                    assertThat(properties.limits().maxGroupSize()).isEqualTo(32);
                });
    }

    @Test
    void unknownKeyFailsStart() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("stp.reward.limits.max-batchsize", "5", "stp.reward.limits.max-batch-size", "5")));

        assertThatThrownBy(() -> RewardConfiguration.rejectUnknownKeys(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stp.reward.limits.max-batchsize")
                .hasMessageNotContaining("max-batch-size,");
    }

    @Test
    void knownKeysPassCheck() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("stp.reward.limits.max-batch-size", "5", "stp.reward.scoring.mode", "reference")));

        RewardConfiguration.rejectUnknownKeys(environment);

        assertThat(environment.getProperty("stp.reward.scoring.mode")).isEqualTo("reference");
    }

    @Test
    void invalidValuesFailStart() {
        runner.withPropertyValues("stp.reward.limits.min-group-size=10", "stp.reward.limits.max-group-size=4")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("min-group-size");
                });
        runner.withPropertyValues("stp.reward.limits.max-batch-size=0").run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("stp.reward.scoring.per-item-deadline=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("per-item-deadline");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RewardProperties.class)
    static class PropertiesOnly {
    }
}
