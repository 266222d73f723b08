package org.stpplatform.reward.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.SubmitGroupRequest;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.testsupport.PostgresTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the reward service's HTTP tests: the whole application on a random loopback port with a
 * fresh PostgreSQL database. Subclasses share one application context, so each test uses its own
 * run id.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "stp.reward.limits.max-batch-size=64",
        "stp.reward.limits.max-group-size=16",
        "stp.reward.limits.max-completion-chars=4096",
        "stp.reward.limits.max-request-bytes=200000",
        "stp.reward.scoring.threads=2",
        "stp.reward.queue.depth-refresh-interval=200ms",
        "management.defaults.metrics.export.enabled=true",
        "management.prometheus.metrics.export.enabled=true"})
@PostgresTest
abstract class RewardServiceHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    /** Response status and body parsed as JSON (null for an empty body). */
    record Reply(int status, JsonNode body, String raw) {
    }

    Reply post(String path, Object body) {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    <T> T read(Reply reply, Class<T> type) {
        return JSON.treeToValue(reply.body(), type);
    }

    static String newRunId() {
        return "run-" + UUID.randomUUID();
    }

    static SubmitGroupRequest countdownGroup(String runId, long step, String promptId, List<String> texts) {
        List<GroupCompletion> completions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            completions.add(new GroupCompletion(texts.get(i), List.of(5, 6, 7), List.of(0, 1, 1), 12, i % 2 == 0, 1));
        }
        return new SubmitGroupRequest(runId, step, 3L, promptId, TaskName.COUNTDOWN,
                "Using the numbers [88, 4, 32, 60], create an equation that equals 30.",
                "{\"numbers\":[88,4,32,60],\"target\":30}", completions);
    }

    /** Field names of the {@code errors} array of a problem body. */
    static List<String> errorFields(Reply reply) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = reply.body().get("errors");
        if (errors != null) {
            errors.forEach(error -> fields.add(error.get("field").asString()));
        }
        return fields;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() || raw.charAt(0) != '{' ? null : JSON.readTree(raw);
            return new Reply(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
