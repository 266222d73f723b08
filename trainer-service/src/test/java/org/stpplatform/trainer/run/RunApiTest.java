package org.stpplatform.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.stpplatform.testsupport.PostgresTest;
import org.stpplatform.trainer.evaluation.EvaluationResult;
import org.stpplatform.trainer.loop.RunProgress;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stp.trainer.resume-on-startup=false",
        "stp.trainer.data-dir=${java.io.tmpdir}/stp-trainer-api-test"})
@PostgresTest
class RunApiTest {

    private static final String VALID_RUN = """
            {"name": "api test", "task": "countdown", "steps": 3,
             "generation": {"generationLength": 64, "blockLength": 32, "denoisingSteps": 32},
             "evaluation": {"generationLengths": [64]}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    RunProgress progress;

    private RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    @Test
    void createReturnsRunWithDefaults() {
        ResponseEntity<Map> created = post("/v1/runs", VALID_RUN);

        assertThat(created.getStatusCode().value()).isEqualTo(201);
        Map<?, ?> body = created.getBody();
        assertThat((String) body.get("runId")).startsWith("run-");
        assertThat(body.get("state")).isEqualTo("created");
        assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/v1/runs/" + body.get("runId"));
        Map<?, ?> config = (Map<?, ?>) body.get("config");
        assertThat(config.get("algorithm")).isEqualTo("stp");
        assertThat(config.get("estimator")).isEqualTo("stp");
        assertThat(((Map<?, ?>) config.get("spatialPruning")).get("strategy")).isEqualTo("mask_answer_low_confidence");

        ResponseEntity<Map> fetched = get("/v1/runs/" + body.get("runId"));
        assertThat(fetched.getStatusCode().value()).isEqualTo(200);
        assertThat(fetched.getBody().get("totalSteps")).isEqualTo(3);
        ResponseEntity<List> steps = http.get().uri("/v1/runs/" + body.get("runId") + "/steps").retrieve()
                .toEntity(List.class);
        assertThat(steps.getStatusCode().value()).isEqualTo(200);
        assertThat(steps.getBody()).isEmpty();
    }

    @Test
    void invalidConfigListsEveryField() {
        String invalid = """
                {"task": "countdown", "steps": 0, "groupSize": 1,
                 "generation": {"generationLength": 64, "blockLength": 24},
                 "rollout": {"endpoints": ["not a url"]}}
                """;
        ResponseEntity<Map> response = post("/v1/runs", invalid);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody().get("type")).isEqualTo("https://stp-platform.dev/problems/validation");
        List<String> fields = ((List<Map<String, String>>) response.getBody().get("errors")).stream()
                .map(error -> error.get("field")).toList();
        assertThat(fields).contains("steps", "groupSize", "generation.blockLength", "rollout.endpoints[0]");
    }

    @Test
    void unknownAlgorithmNamesTheField() {
        ResponseEntity<Map> response = post("/v1/runs", """
                {"task": "countdown", "steps": 2, "algorithm": "ppo"}
                """);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        Map<String, String> error = ((List<Map<String, String>>) response.getBody().get("errors")).get(0);
        assertThat(error.get("field")).isEqualTo("algorithm");
        assertThat(error.get("message")).contains("stp", "diffu-grpo", "elbo-grpo");
    }

    @Test
    void lifecycleRejectsInvalidTransitions() {
        String runId = (String) post("/v1/runs", VALID_RUN).getBody().get("runId");

        ResponseEntity<Map> pause = post("/v1/runs/" + runId + "/pause", "");
        assertThat(pause.getStatusCode().value()).isEqualTo(409);
        assertThat((String) pause.getBody().get("detail")).contains("created");

        ResponseEntity<Map> cancel = post("/v1/runs/" + runId + "/cancel", "");
        assertThat(cancel.getStatusCode().value()).isEqualTo(200);
        assertThat(cancel.getBody().get("state")).isEqualTo("cancelled");

        assertThat(post("/v1/runs/" + runId + "/start", "").getStatusCode().value()).isEqualTo(409);
        assertThat(post("/v1/runs/" + runId + "/resume", "").getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void evaluationListsUnparseableCount() {
        String runId = (String) post("/v1/runs", VALID_RUN).getBody().get("runId");
        EvaluationResult result = new EvaluationResult("countdown test split=heldOut", 64, 32, 32, 0.0, 7, "cpu",
                8, 3, 2, 0.375, 0.4, 32.0, 1200);
        progress.recordEvaluations(runId, 0, 1, null, List.of(result));

        ResponseEntity<List> evaluations = http.get().uri("/v1/runs/" + runId + "/evaluations").retrieve()
                .toEntity(List.class);

        assertThat(evaluations.getStatusCode().value()).isEqualTo(200);
        assertThat(evaluations.getBody()).hasSize(1);
        Map<?, ?> evaluation = (Map<?, ?>) evaluations.getBody().get(0);
        assertThat(evaluation.get("sampleCount")).isEqualTo(8);
        assertThat(evaluation.get("correctCount")).isEqualTo(3);
        assertThat(evaluation.get("unparseableCount")).isEqualTo(2);
        List<String> fields = evaluation.keySet().stream().map(String::valueOf).toList();
        assertThat(fields).as("field order, which the launcher's CSV columns follow")
                .containsSequence("correctCount", "unparseableCount", "accuracy");
    }

    @Test
    void unknownRunIsNotFound() {
        ResponseEntity<Map> response = get("/v1/runs/run-unknown/checkpoints");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().get("type")).isEqualTo("https://stp-platform.dev/problems/not-found");
    }

    private ResponseEntity<Map> post(String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(Map.class);
    }

    private ResponseEntity<Map> get(String path) {
        return http.get().uri(path).retrieve().toEntity(Map.class);
    }
}
