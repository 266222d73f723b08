package org.stpplatform.rollout.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.stpplatform.rollout.config.RolloutProperties;

/**
 * Loads the configured model on a background thread after the application started, so that the
 * liveness probe responds while a large checkpoint loads. Readiness turns UP when it is done.
 */
public class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    /** Loading progress, reported by the readiness health indicator. */
    public enum State { LOADING, LOADED, FAILED }

    private final ModelBackend backend;
    private final PolicyHolder holder;
    private final RolloutProperties properties;
    private volatile State state = State.LOADING;
    private volatile String detail = "loading";

    public ModelLoader(ModelBackend backend, PolicyHolder holder, RolloutProperties properties) {
        this.backend = backend;
        this.holder = holder;
        this.properties = properties;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void startLoading() {
        Thread loader = new Thread(this::load, "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Loads the model on the calling thread. */
    void load() {
        long startNanos = System.nanoTime();
        log.info("Loading model={} checkpoint={} device={}", properties.model(), properties.checkpoint(),
                properties.device());
        try {
            ModelBackend.LoadedModel loaded = backend.loadConfigured();
            holder.initialize(new ServedPolicy(loaded.model(), loaded.tokenizer(),
                    properties.initialPolicyVersion(), loaded.sha256(), WeightKind.FULL));
            detail = loaded.source();
            state = State.LOADED;
            log.info("Loaded model={} source={} device={} durationMs={}", properties.model(), loaded.source(),
                    loaded.model().device(), (System.nanoTime() - startNanos) / 1_000_000);
        } catch (RuntimeException | Error e) {
            detail = "loading failed: " + e.getMessage();
            state = State.FAILED;
            log.error("Loading model={} failed; the service stays not ready", properties.model(), e);
        }
    }

    public State state() {
        return state;
    }

    public String detail() {
        return detail;
    }
}
