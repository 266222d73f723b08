package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Runs the offline validators that are installed and skips, with a message, those that are not.
 * The validators are {@code kubectl kustomize}, whose output must equal what {@link Kustomize}
 * builds, {@code promtool} (Debian package prometheus) for the Prometheus files and the dashboard
 * queries, and {@code docker-compose config} (Debian package docker-compose) or
 * {@code docker compose config}. No Kubernetes schema validation runs,
 * because kubeconform is in none of the registries this project reaches and
 * {@code kubectl apply --dry-run=client} needs an API server.
 */
class OfflineToolsTest {

    private static final long TIMEOUT_SECONDS = 60;

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void kubectlKustomizeBuildsTheSameResources(String overlay) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed; the manifests were checked by the built-in resolver only");
        ProcessResult result = run(List.of("kubectl", "kustomize", "k8s/" + overlay), Map.of());
        assertThat(result.exitCode()).as("kubectl kustomize output:%n%s", result.output()).isZero();

        Map<String, Object> expected = new TreeMap<>();
        for (Object document : new Yaml().loadAll(result.output())) {
            Map<String, Object> resource = Maps.asMap(document, "kubectl kustomize output");
            expected.put(Manifests.describe(resource), resource);
        }
        Map<String, Object> actual = new TreeMap<>();
        Manifests.build(overlay).resources().forEach(resource -> actual.put(Manifests.describe(resource), resource));

        assertThat(actual.keySet()).as("resources built by the test resolver for %s", overlay)
                .containsExactlyElementsOf(expected.keySet());
        expected.forEach((resource, built) -> assertThat(actual.get(resource))
                .as("%s built by the test resolver, compared with kubectl kustomize k8s/%s", resource, overlay)
                .isEqualTo(built));
    }

    @Test
    void promtoolAcceptsConfigAndRules() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus); Prometheus files not validated");
        ProcessResult config = run(List.of("promtool", "check", "config", "deploy/prometheus/prometheus.yml"), Map.of());
        assertThat(config.exitCode()).as("promtool check config:%n%s", config.output()).isZero();
        ProcessResult rules = run(List.of("promtool", "check", "rules", MonitoringQueries.ALERTS), Map.of());
        assertThat(rules.exitCode()).as("promtool check rules:%n%s", rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: " + MonitoringQueries.alertRules(
                RepositoryFiles.resolve(MonitoringQueries.ALERTS)).size() + " rules found");
        ProcessResult unitTests = run(List.of("promtool", "test", "rules", MonitoringQueries.ALERT_TESTS), Map.of());
        assertThat(unitTests.exitCode()).as("promtool test rules:%n%s", unitTests.output()).isZero();
    }

    @Test
    void promtoolParsesDashboardQueries() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus); dashboard queries not parsed");
        // Every panel query becomes a recording rule, so that promtool parses it as PromQL. Grafana
        // replaces $__rate_interval and $run before it sends a query; the test does the same.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int index = 0;
        for (JsonNode panel : RepositoryFiles.json(RepositoryFiles.resolve(MonitoringQueries.DASHBOARD)).get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText().replace("$__rate_interval", "5m").replace("$run", ".*");
                rules.append("      - record: dashboard:query").append(index++).append('\n')
                        .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
            }
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        Files.writeString(file, rules);
        ProcessResult result = run(List.of("promtool", "check", "rules", file.toString()), Map.of());
        Files.deleteIfExists(file);
        assertThat(result.exitCode()).as("promtool check rules on the dashboard queries:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + index + " rules found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void composeConfigAcceptsEveryProfile(String profile) throws Exception {
        List<String> command;
        if (onPath("docker-compose")) {
            command = List.of("docker-compose", "--env-file", ComposeFile.ENV_EXAMPLE, "config", "-q");
        } else {
            assumeTrue(onPath("docker") && run(List.of("docker", "compose", "version"), Map.of()).exitCode() == 0,
                    "neither docker-compose nor the docker compose plugin is installed; docker-compose.yml not validated");
            command = List.of("docker", "compose", "--env-file", ComposeFile.ENV_EXAMPLE, "config", "-q");
        }
        ProcessResult result = run(command, Map.of("COMPOSE_PROFILES", profile));
        assertThat(result.exitCode()).as("%s with profile %s:%n%s", command, profile, result.output()).isZero();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Path.of(dir, program).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    private record ProcessResult(int exitCode, String output) {}

    private static ProcessResult run(List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepositoryFiles.root().toFile()).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " timed out after " + TIMEOUT_SECONDS + " s");
        }
        return new ProcessResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
