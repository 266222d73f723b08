package org.stpplatform.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client of the trainer's runs API ({@code /v1/runs}). Responses are read as JSON trees so that
 * fields the trainer adds later pass through to the report unchanged.
 */
final class TrainerClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;

    TrainerClient(HttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** Creates a run and returns its status ({@code runId}, {@code state}, ...). */
    JsonNode createRun(JsonNode config) throws IOException, InterruptedException {
        return send("POST", "/v1/runs", JSON.writeValueAsString(config), 201);
    }

    JsonNode start(String runId) throws IOException, InterruptedException {
        return send("POST", "/v1/runs/" + runId + "/start", null, 200);
    }

    JsonNode pause(String runId) throws IOException, InterruptedException {
        return send("POST", "/v1/runs/" + runId + "/pause", null, 200);
    }

    JsonNode cancel(String runId) throws IOException, InterruptedException {
        return send("POST", "/v1/runs/" + runId + "/cancel", null, 200);
    }

    JsonNode resume(String runId) throws IOException, InterruptedException {
        return send("POST", "/v1/runs/" + runId + "/resume", null, 200);
    }

    JsonNode run(String runId) throws IOException, InterruptedException {
        return send("GET", "/v1/runs/" + runId, null, 200);
    }

    JsonNode steps(String runId) throws IOException, InterruptedException {
        return send("GET", "/v1/runs/" + runId + "/steps", null, 200);
    }

    JsonNode evaluations(String runId) throws IOException, InterruptedException {
        return send("GET", "/v1/runs/" + runId + "/evaluations", null, 200);
    }

    private JsonNode send(String method, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(method + " " + path + " failed with HTTP " + response.statusCode() + ": "
                    + problemText(response.body()));
        }
        return JSON.readTree(response.body());
    }

    /** Returns the problem detail's title, detail and field errors, or the raw body. */
    static String problemText(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            StringBuilder text = new StringBuilder(problem.path("title").asString(""));
            if (problem.hasNonNull("detail")) {
                String detail = problem.get("detail").asString();
                // Details that already start with the title replace it instead of repeating it.
                if (!text.isEmpty() && detail.startsWith(text.toString())) {
                    text.setLength(0);
                }
                text.append(text.isEmpty() ? "" : ": ").append(detail);
            }
            for (JsonNode error : problem.path("errors")) {
                text.append("; ").append(error.path("field").asString()).append(": ")
                        .append(error.path("message").asString());
            }
            return text.isEmpty() ? body : text.toString();
        } catch (RuntimeException notJson) {
            return body.length() > 500 ? body.substring(0, 500) + "..." : body;
        }
    }
}
