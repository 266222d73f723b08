package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Checks that the dashboard and the alert rules read only metrics of the agreed contract, and all of them. */
class DashboardAndAlertsTest {

    private static final Set<String> JVM_AND_HTTP_SERIES = Set.of(
            "jvm_memory_used_bytes", "process_cpu_usage", "jvm_threads_live_threads",
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum");

    @Test
    void queriesReadOnlyKnownMetrics() {
        Set<String> known = new HashSet<>(MetricContract.allPrometheusNames());
        known.addAll(JVM_AND_HTTP_SERIES);
        known.addAll(MonitoringQueries.PROMETHEUS_SERIES);
        Map<String, Set<String>> queries = new TreeMap<>(MonitoringQueries.dashboardMetrics());
        queries.putAll(MonitoringQueries.alertMetrics());
        queries.forEach((where, names) -> assertThat(known).as("metrics read by %s", where).containsAll(names));
    }

    @Test
    void dashboardShowsEveryContractMeter() {
        Set<String> read = new TreeSet<>();
        MonitoringQueries.dashboardMetrics().values().forEach(read::addAll);
        for (String meter : MetricContract.METERS.keySet()) {
            Set<String> series = MetricContract.prometheusNames(meter);
            assertThat(series).as("series of meter %s shown on the dashboard", meter).containsAnyOf(read.toArray(String[]::new));
        }
    }

    @Test
    void alertsCoverRequiredSignals() {
        Map<String, Set<String>> alerts = MonitoringQueries.alertMetrics();
        assertThat(alerts.get("alert StpTrainerStuck")).contains("stp_trainer_last_step_timestamp_seconds", "stp_trainer_runs");
        assertThat(alerts.get("alert StpRolloutPolicyVersionLag")).containsExactly("stp_trainer_policy_version_lag");
        assertThat(alerts.get("alert StpRewardScoringErrors")).containsExactly("stp_reward_scores_total");
        for (Map<String, Object> rule : MonitoringQueries.alertRules(RepositoryFiles.resolve(MonitoringQueries.ALERTS))) {
            assertThat(Maps.at(rule, "labels.severity")).as("severity of %s", rule.get("alert")).isIn("warning", "critical");
            assertThat(Maps.at(rule, "annotations.summary")).as("summary of %s", rule.get("alert")).isNotNull();
        }
    }

    @Test
    void everyAlertHasFiringUnitTest() {
        Set<String> firing = new TreeSet<>();
        for (Map<String, Object> test : Maps.mapsAt(RepositoryFiles.yaml(RepositoryFiles.resolve(MonitoringQueries.ALERT_TESTS)), "tests")) {
            for (Map<String, Object> check : Maps.mapsAt(test, "alert_rule_test")) {
                if (!Maps.mapsAt(check, "exp_alerts").isEmpty()) {
                    firing.add(check.get("alertname").toString());
                }
            }
        }
        for (Map<String, Object> rule : MonitoringQueries.alertRules(RepositoryFiles.resolve(MonitoringQueries.ALERTS))) {
            assertThat(firing).as("alerts with a firing case in %s", MonitoringQueries.ALERT_TESTS).contains(rule.get("alert").toString());
        }
    }

    @Test
    void dashboardPanelsAreWellFormed() {
        JsonNode dashboard = RepositoryFiles.json(RepositoryFiles.resolve(MonitoringQueries.DASHBOARD));
        assertThat(dashboard.get("uid").asText()).isEqualTo("stp-platform");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asText();
            assertThat(ids.add(panel.get("id").asInt())).as("panel id of '%s' is unique", title).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as("right edge of '%s'", title).isLessThanOrEqualTo(24);
            if (!"row".equals(panel.get("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as("data source of '%s'", title).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as("queries of '%s'", title).isNotEmpty();
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.get("expr").asText()).as("query of '%s'", title).isNotBlank();
                }
            }
        }
        Set<String> rows = new TreeSet<>();
        dashboard.get("panels").forEach(p -> {
            if ("row".equals(p.get("type").asText())) {
                rows.add(p.get("title").asText());
            }
        });
        assertThat(rows).containsExactlyInAnyOrder(
                "Run progress", "STP signals", "Stability", "Pipeline health", "JVM and HTTP");
    }

    @Test
    void promQlParserFindsMetricNames() {
        assertThat(PromQl.metricNames(
                "sum by (outcome) (rate(stp_reward_scores_total{outcome=~\"(?i)error|timeout\"}[$__rate_interval]))"))
                .containsExactly("stp_reward_scores_total");
        assertThat(PromQl.metricNames("(time() - max(a_seconds) > 900) and on() (sum(b{state=\"x\"}) > 0)"))
                .containsExactly("a_seconds", "b");
        assertThat(PromQl.metricNames("max(x) - min(y) > 1e-4")).containsExactly("x", "y");
        assertThat(PromQl.variableQueryMetricNames("label_values(stp_trainer_step, run)")).containsExactly("stp_trainer_step");
    }
}
