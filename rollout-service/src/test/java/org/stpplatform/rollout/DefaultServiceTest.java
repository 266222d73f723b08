package org.stpplatform.rollout;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;

/**
 * Base of the tests that share one rollout service: the tiny built-in model started from a
 * checkpoint directory that the engine writes with weights from {@link #CHECKPOINT_SEED}. Jobs
 * retry twice with a short backoff so that failure cases finish quickly, and JSON bodies are
 * limited to 64 KB so that the size check can be reached cheaply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stp.rollout.jobs.max-attempts=2",
        "stp.rollout.jobs.initial-backoff=10ms",
        "stp.rollout.limits.max-request-size=64KB"})
@ActiveProfiles("test")
abstract class DefaultServiceTest {

    static final long CHECKPOINT_SEED = 42;

    static Path checkpointDir;

    @LocalServerPort
    int port;

    HttpJson http;

    @DynamicPropertySource
    static void checkpoint(DynamicPropertyRegistry registry) throws IOException {
        if (checkpointDir == null) {
            checkpointDir = Files.createTempDirectory("rollout-checkpoint");
            try (LladaModel model = LladaModel.create(BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY), null,
                    Device.cpu(), CHECKPOINT_SEED)) {
                model.save(checkpointDir);
            }
        }
        registry.add("stp.rollout.checkpoint", checkpointDir::toString);
    }

    @BeforeEach
    void connect() throws InterruptedException {
        http = new HttpJson(port);
        http.awaitReady();
    }
}
