package org.stpplatform.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stpplatform.rollout.testing.PolicyBlocker;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import org.stpplatform.rollout.generation.GenerationQueue;
import org.stpplatform.rollout.policy.PolicyHolder;

/** The bounded generation queue with one worker and room for one waiting batch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stp.rollout.workers=1",
        "stp.rollout.queue-capacity=1",
        "stp.rollout.token-budget=200"})
@ActiveProfiles("test")
class OverloadTest {

    @LocalServerPort
    int port;

    @Autowired
    PolicyHolder holder;

    @Autowired
    GenerationQueue queue;

    HttpJson http;

    @BeforeEach
    void connect() throws InterruptedException {
        http = new HttpJson(port);
        http.awaitReady();
    }

    private static Map<String, Object> smallRequest(long seed) {
        return TestRequests.generate(List.of(TestRequests.PROMPT), 1, TestRequests.settings(0.0, seed));
    }

    /** Waits until the worker has taken a batch and waits for the policy lock. */
    private static void awaitWorkerBlocked() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!workerWaitsForPolicy()) {
            assertThat(System.nanoTime()).as("worker blocked in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean workerWaitsForPolicy() {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (entry.getKey().getName().startsWith("generation-worker-")) {
                for (StackTraceElement frame : entry.getValue()) {
                    if (frame.getMethodName().equals("withPolicy")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void awaitDepth(int depth) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (queue.depth() != depth) {
            assertThat(System.nanoTime()).as("queue depth %d reached in time", depth).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void fullQueueReturnsTooManyRequests() throws Exception {
        CompletableFuture<HttpJson.Response> running;
        CompletableFuture<HttpJson.Response> queued;
        HttpJson.Response rejected;
        try (PolicyBlocker ignored = new PolicyBlocker(holder)) {
            running = CompletableFuture.supplyAsync(() -> http.post("/v1/generate", smallRequest(1)));
            awaitWorkerBlocked();
            queued = CompletableFuture.supplyAsync(() -> http.post("/v1/generate", smallRequest(2)));
            awaitDepth(1);

            rejected = http.post("/v1/generate", smallRequest(3));
        }

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(rejected.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/overloaded");
        assertThat(rejected.body().get("retryAfterSeconds").asLong()).isEqualTo(
                Long.parseLong(rejected.header("Retry-After")));
        assertThat(running.get().status()).isEqualTo(200);
        assertThat(queued.get().status()).isEqualTo(200);
        assertThat(http.post("/v1/generate", smallRequest(3)).status()).isEqualTo(200);
    }

    @Test
    void requestLargerThanQueueReturnsBadRequest() {
        int promptTokens = TaskTokenizer.instance().encodePrompt(null, TestRequests.PROMPT).length;
        // Each sequence takes promptTokens + 32 tokens, about 56, so 3 fit a 200-token batch.
        // 8 sequences then need 3 batches, but the queue has room for 1.
        assertThat(3 * (promptTokens + 32)).isLessThanOrEqualTo(200);

        HttpJson.Response response = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 8, TestRequests.settings(0.0, 1L)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("prompts");
    }
}
