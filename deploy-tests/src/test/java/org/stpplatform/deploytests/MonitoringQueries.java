package org.stpplatform.deploytests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The PromQL queries of the Grafana dashboard and the alert rules, and the metric names they read.
 * The map keys name the panel or the rule of each query, so that a failing check can point to it.
 */
final class MonitoringQueries {

    static final String DASHBOARD = "deploy/grafana/dashboards/stp-platform.json";
    static final String ALERTS = "deploy/prometheus/alerts.yml";
    static final String ALERT_TESTS = "deploy/prometheus/alerts-test.yml";

    /** Series that Prometheus itself writes for each scrape target, so no service exports them. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private MonitoringQueries() {}

    /** Maps each dashboard query, by panel title or variable name, to the metric names it reads. */
    static Map<String, Set<String>> dashboardMetrics() {
        JsonNode dashboard = RepositoryFiles.json(RepositoryFiles.resolve(DASHBOARD));
        Map<String, Set<String>> metrics = new TreeMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String where = "panel '" + panel.get("title").asText() + "' query " + target.get("refId").asText();
                metrics.put(where, PromQl.metricNames(target.get("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            metrics.put("variable '" + variable.get("name").asText() + "'", PromQl.variableQueryMetricNames(text));
        }
        return metrics;
    }

    /** Maps each dashboard panel query, by panel title and query id, to its PromQL expression. */
    static Map<String, String> dashboardQueries() {
        JsonNode dashboard = RepositoryFiles.json(RepositoryFiles.resolve(DASHBOARD));
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel '" + panel.get("title").asText() + "' query " + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        return queries;
    }

    /** Maps each alert name to the metric names its expression reads. */
    static Map<String, Set<String>> alertMetrics() {
        Map<String, Set<String>> metrics = new TreeMap<>();
        for (Map<String, Object> rule : alertRules(RepositoryFiles.resolve(ALERTS))) {
            metrics.put("alert " + rule.get("alert"), PromQl.metricNames(rule.get("expr").toString()));
        }
        return metrics;
    }

    static List<Map<String, Object>> alertRules(Path file) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : Maps.mapsAt(RepositoryFiles.yaml(file), "groups")) {
            rules.addAll(Maps.mapsAt(group, "rules"));
        }
        return rules;
    }

    /** Returns every metric name read by the dashboard and the alerts, without Prometheus's own series. */
    static Set<String> allServiceMetrics() {
        Set<String> names = new TreeSet<>();
        dashboardMetrics().values().forEach(names::addAll);
        alertMetrics().values().forEach(names::addAll);
        names.removeAll(PROMETHEUS_SERIES);
        return names;
    }
}
