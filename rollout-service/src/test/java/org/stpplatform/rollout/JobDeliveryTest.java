package org.stpplatform.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.UrlResource;
import org.stpplatform.reward.RewardApplication;
import org.stpplatform.testsupport.PostgresTestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Rollout jobs against a real reward service, started in this JVM on a random port with a fresh
 * PostgreSQL database.
 */
class JobDeliveryTest extends DefaultServiceTest {

    private static final String REFERENCE = "{\"numbers\":[44,19,3],\"target\":75}";

    static ConfigurableApplicationContext rewardService;
    static HttpJson reward;

    @BeforeAll
    static void startRewardService() {
        PostgresTestDatabase.DatabaseConnection database = PostgresTestDatabase.shared().createDatabase();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", database.jdbcUrl());
        if (database.username() != null) {
            properties.put("spring.datasource.username", database.username());
            properties.put("spring.datasource.password", database.password());
        }
        properties.put("stp.database.embedded", "false");
        PropertySource<?> rewardYaml = rewardApplicationYaml();
        // Both services ship classpath:application.yml and the rollout one comes first on this
        // classpath, so the reward service gets its own file explicitly and no default location.
        rewardService = new SpringApplicationBuilder(RewardApplication.class)
                .properties(properties)
                .initializers(context -> context.getEnvironment().getPropertySources().addLast(rewardYaml))
                .run("--spring.config.location=optional:classpath:/no-default-config/");
        int rewardPort = ((WebServerApplicationContext) rewardService).getWebServer().getPort();
        reward = new HttpJson(rewardPort);
    }

    private static PropertySource<?> rewardApplicationYaml() {
        try {
            for (URL url : Collections.list(RewardApplication.class.getClassLoader().getResources("application.yml"))) {
                if (url.toString().contains("reward-service")) {
                    return new YamlPropertySourceLoader().load("reward-service-application", new UrlResource(url)).get(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the reward service's application.yml is not on the test classpath");
    }

    @AfterAll
    static void stopRewardService() {
        if (rewardService != null) {
            rewardService.close();
        }
    }

    private Map<String, Object> job(String runId, long expectedVersion, String rewardUrl, List<String> promptIds) {
        List<Map<String, Object>> prompts = new ArrayList<>();
        for (String promptId : promptIds) {
            prompts.add(Map.of("promptId", promptId, "text", TestRequests.PROMPT, "reference", REFERENCE));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("step", 1);
        body.put("expectedPolicyVersion", expectedVersion);
        body.put("task", "countdown");
        body.put("rewardServiceUrl", rewardUrl);
        body.put("groupSize", 2);
        body.put("settings", TestRequests.settings(0.9, 500L));
        body.put("prompts", prompts);
        return body;
    }

    private String rewardUrl() {
        return "http://127.0.0.1:" + reward.port();
    }

    private JsonNode awaitFinished(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = http.get("/v1/jobs/" + jobId).body();
            String state = status.get("state").asString();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 90 s");
    }

    @Test
    void jobDeliversGroupsToRewardService() throws InterruptedException {
        String runId = "run-" + UUID.randomUUID();

        HttpJson.Response accepted = http.post("/v1/jobs", job(runId, 0, rewardUrl(), List.of("p-0", "p-1")));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode status = awaitFinished(accepted.body().get("jobId").asString());
        assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.get("groupsSubmitted").asInt()).isEqualTo(2);
        assertThat(status.get("groupsTotal").asInt()).isEqualTo(2);
        assertThat(status.get("error").isNull()).isTrue();

        HttpJson.Response claim = reward.post("/v1/groups/claim",
                Map.of("runId", runId, "maxCount", 10, "leaseSeconds", 60, "claimerId", "rollout-test"));
        assertThat(claim.status()).isEqualTo(200);
        JsonNode groups = claim.body().get("groups");
        assertThat(groups).hasSize(2);
        for (JsonNode group : groups) {
            int promptIndex = group.get("promptId").asString().equals("p-0") ? 0 : 1;
            assertThat(group.get("policyVersion").asLong()).isZero();
            assertThat(group.get("step").asLong()).isEqualTo(1);
            assertThat(group.get("task").asString()).isEqualTo("countdown");
            assertThat(group.get("prompt").asString()).isEqualTo(TestRequests.PROMPT);
            assertThat(group.get("reference").asString()).isEqualTo(REFERENCE);
            assertThat(group.get("completions")).hasSize(2);
            assertThat(group.get("scores")).hasSize(2);
            // The job derives each group's seed from the job seed and the prompt index.
            long groupSeed = new SplittableRandom(500L + promptIndex).nextLong();
            JsonNode generated = http.post("/v1/generate", TestRequests.generate(List.of(TestRequests.PROMPT), 2,
                    TestRequests.settings(0.9, groupSeed))).body().get("results").get(0).get("completions");
            for (int g = 0; g < 2; g++) {
                JsonNode completion = group.get("completions").get(g);
                assertThat(completion.get("tokenIds")).isEqualTo(generated.get(g).get("tokenIds"));
                assertThat(completion.get("stepMap")).isEqualTo(generated.get(g).get("stepMap"));
                assertThat(completion.get("text").asString()).isEqualTo(generated.get(g).get("text").asString());
                assertThat(completion.get("nfe").asInt()).isEqualTo(8);
            }
        }
    }

    @Test
    void jobForOtherVersionIsRejected() {
        HttpJson.Response response = http.post("/v1/jobs",
                job("run-" + UUID.randomUUID(), 3, rewardUrl(), List.of("p-0")));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body().get("servedVersion").asLong()).isZero();
    }

    @Test
    void jobToDisallowedHostIsRejected() {
        HttpJson.Response response = http.post("/v1/jobs",
                job("run-" + UUID.randomUUID(), 0, "http://reward.invalid:8081", List.of("p-0")));
        HttpJson.Response missingField = http.post("/v1/jobs", Map.of("runId", "run-x"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("rewardServiceUrl");
        assertThat(missingField.status()).isEqualTo(400);
        assertThat(missingField.body().get("errors")).isNotEmpty();
    }

    @Test
    void unreachableRewardServiceFailsJob() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HttpJson.Response accepted = http.post("/v1/jobs",
                job("run-" + UUID.randomUUID(), 0, "http://127.0.0.1:" + closedPort, List.of("p-0", "p-1")));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode status = awaitFinished(accepted.body().get("jobId").asString());
        assertThat(status.get("state").asString()).isEqualTo("FAILED");
        assertThat(status.get("groupsSubmitted").asInt()).isZero();
        assertThat(status.get("error").asString()).contains("after 2 attempts");
    }

    @Test
    void unknownJobReturnsNotFound() {
        HttpJson.Response response = http.get("/v1/jobs/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/not-found");
    }
}
