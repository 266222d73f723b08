package org.stpplatform.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.common.api.TaskName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = ProblemDetailsAdviceTest.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
                "stp.database.embedded=false",
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
class ProblemDetailsAdviceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void invalidBodyFieldsAreNamed() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"name\":\"\",\"items\":[{\"count\":5},{\"count\":-1}]}", null);
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body.get("type").asString()).isEqualTo("https://stp-platform.dev/problems/validation");
        assertThat(fields(body)).containsExactly("items[1].count", "name");
        assertThat(body.get("requestId").asString()).isNotBlank();
    }

    @Test
    void unknownEnumValueNamesFieldAndChoices() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"name\":\"a\",\"task\":\"chess\",\"items\":[{\"count\":1}]}", null);
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(body)).containsExactly("task");
        assertThat(body.get("errors").get(0).get("message").asString()).contains("gsm8k, math, countdown");
    }

    @Test
    void wrongJsonTypeNamesNestedField() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"name\":\"a\",\"items\":[{\"count\":\"many\"}]}", null);
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(body)).containsExactly("items[0].count");
    }

    @Test
    void missingPrimitiveIsRequired() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"name\":\"a\",\"items\":[{}]}", null);
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(body)).containsExactly("items[0].count");
        assertThat(body.get("errors").get(0).get("message").asString()).startsWith("is required");
    }

    @Test
    void brokenJsonIsMalformedRequest() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"name\":", null);
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body.get("type").asString()).isEqualTo("https://stp-platform.dev/problems/malformed-request");
    }

    @Test
    void pathVariableConstraintIsNamed() throws Exception {
        HttpResponse<String> response = get("/limit/500?flag=true");
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(body)).containsExactly("value");
    }

    @Test
    void typeMismatchAndMissingParameterAreNamed() throws Exception {
        JsonNode mismatch = JSON.readTree(get("/limit/abc?flag=true").body());
        JsonNode missing = JSON.readTree(get("/limit/5").body());

        assertThat(fields(mismatch)).containsExactly("value");
        assertThat(fields(missing)).containsExactly("flag");
    }

    @Test
    void apiExceptionKeepsStatusTypeAndProperties() throws Exception {
        HttpResponse<String> response = get("/conflict");
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(body.get("type").asString()).isEqualTo("https://stp-platform.dev/problems/version-mismatch");
        assertThat(body.get("title").asString()).isEqualTo("Version mismatch");
        assertThat(body.get("servedVersion").asLong()).isEqualTo(7L);
    }

    @Test
    void unexpectedErrorHidesInternals() throws Exception {
        HttpResponse<String> response = get("/boom");
        JsonNode body = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(body.get("type").asString()).isEqualTo("https://stp-platform.dev/problems/internal");
        assertThat(response.body()).doesNotContain("secret-connection-string").doesNotContain("IllegalStateException");
        assertThat(body.get("detail").asString()).contains(body.get("requestId").asString());
    }

    @Test
    void requestIdIsEchoedOrCreated() throws Exception {
        HttpResponse<String> kept = post("/echo", "{\"name\":\"a\",\"items\":[{\"count\":1}]}", "trace-42");
        HttpResponse<String> replaced = post("/echo", "{\"name\":\"a\",\"items\":[{\"count\":1}]}", "bad id\twith tab");

        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.headers().firstValue(RequestIds.HEADER)).hasValue("trace-42");
        assertThat(kept.body()).contains("trace-42");
        assertThat(replaced.headers().firstValue(RequestIds.HEADER)).isPresent().get()
                .asString().hasSize(36).doesNotContain(" ");
    }

    private static List<String> fields(JsonNode body) {
        return body.get("errors").valueStream().map(error -> error.get("field").asString()).toList();
    }

    private HttpResponse<String> post(String path, String json, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (requestId != null) {
            request.header(RequestIds.HEADER, requestId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Item(@Positive int count) {
    }

    record EchoRequest(@NotBlank String name, TaskName task, @NotEmpty List<@Valid Item> items) {
    }

    record EchoResponse(String name, String requestId) {
    }

    @SpringBootApplication
    @Import(TestController.class)
    static class TestApplication {
    }

    @RestController
    static class TestController {

        @PostMapping("/echo")
        EchoResponse echo(@Valid @RequestBody EchoRequest request) {
            return new EchoResponse(request.name(), RequestIds.current());
        }

        @GetMapping("/limit/{value}")
        String limit(@PathVariable @Max(100) int value, @RequestParam boolean flag) {
            return value + " " + flag;
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new ApiException(HttpStatus.CONFLICT, ProblemTypes.of("version-mismatch"), "Version mismatch",
                    "expected version 6", List.of(), java.util.Map.of("servedVersion", 7L));
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret-connection-string");
        }
    }

}
