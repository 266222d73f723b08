package org.stpplatform.deploytests;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * A Prometheus server on a free loopback port that scrapes the test's services every second with
 * the jobs and alert rules of deploy/prometheus, so that the dashboard's queries and the alert
 * expressions run against real series.
 */
final class PrometheusProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final Process process;
    private final Path log;

    private PrometheusProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Path.of(dir, "prometheus").toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts Prometheus with the jobs of deploy/prometheus/prometheus.yml, each pointed at the
     * loopback base URL of its service instead of the compose host name.
     *
     * @param targets job name (for example stp-reward) to host:port on 127.0.0.1
     */
    static PrometheusProcess start(Map<String, String> targets, Path workDir) throws IOException {
        Map<String, Object> deployed = RepositoryFiles.yaml(RepositoryFiles.resolve("deploy/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Map<String, Object> job : Maps.mapsAt(deployed, "scrape_configs")) {
            String name = job.get("job_name").toString();
            String target = targets.get(name);
            if (target == null) {
                throw new IllegalArgumentException("no test target for job " + name + ", expected one of " + targets.keySet());
            }
            Map<String, Object> local = new LinkedHashMap<>();
            local.put("job_name", name);
            local.put("metrics_path", job.get("metrics_path"));
            local.put("static_configs", List.of(Map.of("targets", List.of(target))));
            jobs.add(local);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
        config.put("rule_files", List.of(RepositoryFiles.resolve("deploy/prometheus/alerts.yml").toString()));
        config.put("scrape_configs", jobs);

        Files.createDirectories(workDir);
        Path configFile = workDir.resolve("prometheus.yml");
        Files.writeString(configFile, new Yaml().dump(config));
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder("prometheus", "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusProcess(port, process, log);
    }

    /** Waits until every job has been scraped successfully at least {@code scrapes} times. */
    void awaitScrapes(int jobs, int scrapes, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited; log:\n" + Files.readString(log));
            }
            try {
                JsonNode result = query("count_over_time(up[1m]) >= " + scrapes + " and up == 1");
                if (result.size() == jobs) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Prometheus opens its port after loading the TSDB; poll again.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("prometheus did not scrape " + jobs + " jobs " + scrapes + " times within "
                + timeout + "; log:\n" + Files.readString(log));
    }

    /** Runs an instant query and returns {@code data.result}. A failed query throws with Prometheus's error message. */
    JsonNode query(String promQl) throws IOException, InterruptedException {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query failed: " + promQl + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /** Returns the rule groups with each rule's evaluation health, from {@code /api/v1/rules}. */
    JsonNode ruleGroups() throws IOException, InterruptedException {
        return get("/api/v1/rules").path("data").path("groups");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return RepositoryFiles.jsonText(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
