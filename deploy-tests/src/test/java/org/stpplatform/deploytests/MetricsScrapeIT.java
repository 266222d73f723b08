package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stpplatform.testsupport.PostgresTestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * Starts the three services as their images run them, unpacked from the executable jars and
 * launched with the Dockerfiles' ENTRYPOINT, on loopback ports against real PostgreSQL databases. The tests send one scoring request and one generation and run a one-step Countdown
 * training run on the built-in tiny model. Then they scrape {@code /actuator/prometheus} of each
 * service and check that every metric read by the dashboard, the alert rules and the autoscaler
 * is exported.
 */
class MetricsScrapeIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Series that a short synchronous run cannot produce. The trainer registers the stale-group
     * counter on the first group it drops, and a synchronous run drops none.
     */
    private static final Set<String> NOT_EMITTED_BY_SHORT_RUN = Set.of("stp_trainer_groups_dropped_stale_total");

    /**
     * Dashboard queries that return nothing after a short synchronous run, because it drops no
     * group as stale and so never creates the counter they sum.
     */
    private static final Set<String> EMPTY_AFTER_SHORT_RUN = Set.of(
            "panel 'Groups dropped as stale' query A");

    /** Final state of the one-step run, once it has run. */
    private static String oneStepRunState;

    /** Service output and the last scrapes, kept for reading after a failure. */
    private static final Path LOG_DIR = RepositoryFiles.resolve("deploy-tests/target/service-logs");

    private static final Map<StpServices, ServiceProcess> SERVICES = new EnumMap<>(StpServices.class);

    @BeforeAll
    static void startServices() throws Exception {
        Path dataDir = Files.createTempDirectory("stp-deploy-tests");

        SERVICES.put(StpServices.REWARD, ServiceProcess.start(StpServices.REWARD,
                databaseEnv(PostgresTestDatabase.shared().createDatabase()), LOG_DIR));
        SERVICES.put(StpServices.ROLLOUT, ServiceProcess.start(StpServices.ROLLOUT, Map.of(
                "STP_ROLLOUT_DEVICE", "cpu",
                "STP_ROLLOUT_MODEL", "builtin:countdown-tiny",
                "DJL_CACHE_DIR", djlCacheDir()), LOG_DIR));

        // The trainer only stores the other services' URLs at start, so all three start together.
        Map<String, String> trainerEnv = new LinkedHashMap<>(databaseEnv(PostgresTestDatabase.shared().createDatabase()));
        trainerEnv.put("DJL_CACHE_DIR", djlCacheDir());
        trainerEnv.put("STP_TRAINER_DATA_DIR", dataDir.resolve("trainer").toString());
        trainerEnv.put("STP_TRAINER_REWARD_SERVICE_URL", SERVICES.get(StpServices.REWARD).baseUrl());
        trainerEnv.put("STP_TRAINER_ROLLOUT_ENDPOINTS", SERVICES.get(StpServices.ROLLOUT).baseUrl());
        SERVICES.put(StpServices.TRAINER, ServiceProcess.start(StpServices.TRAINER, trainerEnv, LOG_DIR));

        for (ServiceProcess service : SERVICES.values()) {
            service.awaitReady(START_TIMEOUT);
        }
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        for (ServiceProcess service : SERVICES.values()) {
            service.close();
        }
    }

    @Test
    void scoringRequestScoresCorrectAnswer() throws Exception {
        String body = """
                {"task": "gsm8k", "items": [
                  {"completion": "<reasoning>6 times 7</reasoning>\\n<answer>42</answer>", "reference": "42"},
                  {"completion": "<reasoning>guess</reasoning>\\n<answer>41</answer>", "reference": "42"}]}
                """;
        HttpResponse<String> response = SERVICES.get(StpServices.REWARD).post("/v1/score", body, Map.of());

        assertThat(response.statusCode()).as("POST /v1/score: %s", response.body()).isEqualTo(200);
        JsonNode results = RepositoryFiles.jsonText(response.body()).get("results");
        assertThat(results.get(0).get("outcome").asText()).isEqualTo("CORRECT");
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("WRONG");
        assertThat(results.get(0).get("reward").asDouble()).isGreaterThan(results.get(1).get("reward").asDouble());
    }

    @Test
    void generationReturnsOneGroup() throws Exception {
        String body = """
                {"prompts": [{"text": "nums 44 19 3 target 75"}], "groupSize": 2,
                 "settings": {"generationLength": 32, "blockLength": 8, "steps": 8, "temperature": 0.9,
                              "remasking": "low_confidence", "earlyExitTau": 0.9, "seed": 7}}
                """;
        HttpResponse<String> response = SERVICES.get(StpServices.ROLLOUT).post("/v1/generate", body, Map.of());

        assertThat(response.statusCode()).as("POST /v1/generate: %s", response.body()).isEqualTo(200);
        JsonNode completions = RepositoryFiles.jsonText(response.body()).get("results").get(0).get("completions");
        assertThat(completions).hasSize(2);
        for (JsonNode completion : completions) {
            assertThat(completion.get("tokenIds")).hasSize(32);
            assertThat(completion.get("nfe").asInt()).isBetween(1, 9);
        }
    }

    @Test
    void oneStepRunCompletes() throws Exception {
        assertThat(runOneStepOnce()).as("state of the one-step run; trainer log:%n%s",
                SERVICES.get(StpServices.TRAINER).logTail()).isEqualTo("completed");
    }

    /** Creates, starts and waits for a one-step Countdown run once per test class, and returns its final state. */
    private static synchronized String runOneStepOnce() throws Exception {
        if (oneStepRunState != null) {
            return oneStepRunState;
        }
        ServiceProcess trainer = SERVICES.get(StpServices.TRAINER);
        String config = """
                {"name": "deploy-tests scrape", "task": "countdown", "seed": 7, "steps": 1,
                 "dataset": {"source": "generated", "trainSize": 4, "evalSize": 2},
                 "model": {"name": "countdown-tiny", "device": "cpu"},
                 "groupSize": 2, "promptsPerStep": 2, "innerIterations": 1,
                 "generation": {"generationLength": 32, "blockLength": 8, "denoisingSteps": 8, "temperature": 0.9},
                 "evaluation": {"intervalSteps": 0, "generationLengths": [32], "blockLength": 8, "beforeTraining": false},
                 "rollout": {"endpoints": ["%s"]},
                 "rewardServiceUrl": "%s"}
                """.formatted(SERVICES.get(StpServices.ROLLOUT).baseUrl(), SERVICES.get(StpServices.REWARD).baseUrl());
        HttpResponse<String> created = trainer.post("/v1/runs", config, Map.of());
        assertThat(created.statusCode()).as("POST /v1/runs: %s", created.body()).isEqualTo(201);
        String runId = RepositoryFiles.jsonText(created.body()).get("runId").asText();

        HttpResponse<String> started = trainer.post("/v1/runs/" + runId + "/start", "", Map.of());
        assertThat(started.statusCode()).as("POST /v1/runs/%s/start: %s", runId, started.body()).isEqualTo(200);

        String state = "";
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (Instant.now().isBefore(deadline) && !List.of("completed", "failed", "cancelled").contains(state)) {
            Thread.sleep(1000);
            state = RepositoryFiles.jsonText(trainer.get("/v1/runs/" + runId).body()).get("state").asText();
        }
        oneStepRunState = state;
        return state;
    }

    @Test
    void scrapesContainEveryMonitoredMetric() throws Exception {
        scoringRequestScoresCorrectAnswer();
        generationReturnsOneGroup();
        oneStepRunCompletes();

        Set<String> exported = new TreeSet<>();
        Map<StpServices, String> scrapes = new EnumMap<>(StpServices.class);
        for (Map.Entry<StpServices, ServiceProcess> entry : SERVICES.entrySet()) {
            HttpResponse<String> scrape = entry.getValue().get("/actuator/prometheus");
            assertThat(scrape.statusCode()).as("GET /actuator/prometheus of %s", entry.getKey().module()).isEqualTo(200);
            Files.writeString(LOG_DIR.resolve(entry.getKey().shortName() + ".prom"), scrape.body());
            scrapes.put(entry.getKey(), scrape.body());
            Set<String> names = sampleNames(scrape.body());
            assertThat(names).as("metrics of %s", entry.getKey().module()).contains("jvm_memory_used_bytes");
            exported.addAll(names);
        }

        Set<String> monitored = new TreeSet<>(MonitoringQueries.allServiceMetrics());
        monitored.add("stp_rollout_queue_depth");
        Set<String> missing = new TreeSet<>(monitored);
        missing.removeAll(exported);
        missing.removeAll(NOT_EMITTED_BY_SHORT_RUN);
        assertThat(missing).as("metrics read by the dashboard or the alerts but exported by no service").isEmpty();

        // The series carry the work done above, not only their registration.
        assertThat(sampleValue(scrapes.get(StpServices.TRAINER), "stp_trainer_step", "run=")).isEqualTo(1.0);
        assertThat(sampleValue(scrapes.get(StpServices.TRAINER), "stp_trainer_runs", "state=\"completed\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(sampleValue(scrapes.get(StpServices.ROLLOUT), "stp_rollout_weight_swap_seconds_count",
                "outcome=\"success\"")).as("weight pushes from the trainer").isGreaterThanOrEqualTo(1.0);
        assertThat(sampleValue(scrapes.get(StpServices.REWARD), "stp_reward_scores_total",
                "outcome=\"CORRECT\",task=\"gsm8k\"")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void prometheusEvaluatesDashboardAndAlerts() throws Exception {
        assumeTrue(PrometheusProcess.installed(),
                "prometheus is not installed (Debian package prometheus); dashboard queries not run against live series");
        runOneStepOnce();
        Map<String, String> targets = new LinkedHashMap<>();
        SERVICES.forEach((service, process) -> targets.put("stp-" + service.shortName(), process.hostAndPort()));

        try (PrometheusProcess prometheus = PrometheusProcess.start(targets, LOG_DIR.resolve("prometheus"))) {
            prometheus.awaitScrapes(targets.size(), 3, Duration.ofMinutes(1));

            Map<String, String> emptyQueries = new TreeMap<>();
            for (Map.Entry<String, String> query : MonitoringQueries.dashboardQueries().entrySet()) {
                String expr = query.getValue().replace("$__rate_interval", "1m").replace("$run", ".*");
                if (prometheus.query(expr).isEmpty()) {
                    emptyQueries.put(query.getKey(), expr);
                }
            }
            emptyQueries.keySet().removeAll(EMPTY_AFTER_SHORT_RUN);
            assertThat(emptyQueries).as("dashboard queries that return no series after a one-step run").isEmpty();

            for (JsonNode group : prometheus.ruleGroups()) {
                for (JsonNode rule : group.path("rules")) {
                    assertThat(rule.path("health").asText()).as("health of alert %s: %s", rule.path("name").asText(),
                            rule.path("lastError").asText()).isEqualTo("ok");
                    assertThat(rule.path("state").asText()).as("state of alert %s", rule.path("name").asText())
                            .isEqualTo("inactive");
                }
            }
        }
    }

    /** Returns the value of the first sample of a metric whose labels contain the given text. */
    static double sampleValue(String exposition, String name, String labelText) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labelText)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample of " + name + " with labels containing " + labelText);
    }

    /** Returns the metric names of the sample lines of a Prometheus text exposition. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            if (end < 0) {
                end = line.indexOf(' ');
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    private static Map<String, String> databaseEnv(PostgresTestDatabase.DatabaseConnection database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STP_DATABASE_EMBEDDED", "false");
        env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        if (database.username() != null) {
            env.put("SPRING_DATASOURCE_USERNAME", database.username());
            env.put("SPRING_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password());
        }
        return env;
    }

    private static String djlCacheDir() {
        String configured = System.getenv("DJL_CACHE_DIR");
        return configured != null ? configured : Path.of(System.getProperty("user.home"), ".djl.ai").toString();
    }
}
