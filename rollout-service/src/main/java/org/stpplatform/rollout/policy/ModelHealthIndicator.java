package org.stpplatform.rollout.policy;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness contribution: UP once the model is loaded and served, with its version. */
public class ModelHealthIndicator implements HealthIndicator {

    private final ModelLoader loader;
    private final PolicyHolder holder;

    public ModelHealthIndicator(ModelLoader loader, PolicyHolder holder) {
        this.loader = loader;
        this.holder = holder;
    }

    @Override
    public Health health() {
        Health.Builder builder = switch (loader.state()) {
            case LOADED -> Health.up();
            case LOADING -> Health.outOfService();
            case FAILED -> Health.down();
        };
        builder.withDetail("state", loader.state().name()).withDetail("source", loader.detail());
        holder.current().ifPresent(policy -> builder.withDetail("policyVersion", policy.version()));
        return builder.build();
    }
}
