package org.stpplatform.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the demo report folder: {@code index.html} with inline SVG plots (reward, held-out
 * accuracy, estimator variance per algorithm plus the unpruned variance of STP runs, NFE per
 * sample, step-time split), {@code report.json} with every collected record, and
 * {@code steps.csv} and {@code evaluations.csv}. Every run is labelled with its seed in the JSON
 * and CSV files, and in the plots when more than one seed ran.
 */
final class ReportWriter {

    static final String HTML = "index.html";
    static final String JSON_FILE = "report.json";
    static final String STEPS_CSV = "steps.csv";
    static final String EVALUATIONS_CSV = "evaluations.csv";

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    static void write(Path dir, List<RunRecord> runs, String table, Map<String, Object> context) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), PRETTY.writeValueAsString(json(runs, table, context)) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(STEPS_CSV), csv(runs, RunRecord::steps), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(EVALUATIONS_CSV), csv(runs, RunRecord::evaluations), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), html(runs, table, context), StandardCharsets.UTF_8);
    }

    static ObjectNode json(List<RunRecord> runs, String table, Map<String, Object> context) {
        ObjectNode root = TrainerClient.JSON.createObjectNode();
        root.put("createdAt", Instant.now().toString());
        root.set("context", TrainerClient.JSON.valueToTree(context));
        root.put("table", table);
        ArrayNode array = root.putArray("runs");
        for (RunRecord run : runs) {
            ObjectNode node = array.addObject();
            node.put("algorithm", run.algorithm());
            node.put("seed", run.seed());
            node.put("runId", run.runId());
            node.put("state", run.state());
            node.put("wallSeconds", run.wallSeconds());
            node.set("run", run.status());
            node.set("steps", TrainerClient.JSON.valueToTree(run.steps()));
            node.set("evaluations", TrainerClient.JSON.valueToTree(run.evaluations()));
        }
        return root;
    }

    /** Returns CSV with columns algorithm, seed, runId, then every scalar field seen in the records. */
    static String csv(List<RunRecord> runs, Function<RunRecord, List<JsonNode>> records) {
        Set<String> columns = new LinkedHashSet<>();
        for (RunRecord run : runs) {
            for (JsonNode record : records.apply(run)) {
                for (Map.Entry<String, JsonNode> field : record.properties()) {
                    // The leading algorithm, seed and runId columns already hold the run's values.
                    if (field.getValue().isValueNode() && !LEADING_COLUMNS.contains(field.getKey())) {
                        columns.add(field.getKey());
                    }
                }
            }
        }
        StringBuilder csv = new StringBuilder("algorithm,seed,runId");
        for (String column : columns) {
            csv.append(',').append(column);
        }
        csv.append('\n');
        for (RunRecord run : runs) {
            for (JsonNode record : records.apply(run)) {
                csv.append(run.algorithm()).append(',').append(run.seed()).append(',').append(run.runId());
                for (String column : columns) {
                    JsonNode value = record.get(column);
                    csv.append(',').append(value == null || value.isNull() ? "" : csvValue(value.asString()));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String csvValue(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static final List<String> LEADING_COLUMNS = List.of("algorithm", "seed", "runId");

    static String html(List<RunRecord> runs, String table, Map<String, Object> context) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>STP demo report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:24px;max-width:1200px}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:16px}pre{background:#f4f4f4;padding:12px}")
                .append("td,th{padding:2px 8px;text-align:left}</style></head><body>\n")
                .append("<h1>STP Platform: Countdown demo</h1>\n");
        html.append("<table>");
        for (Map.Entry<String, Object> entry : context.entrySet()) {
            html.append("<tr><th>").append(SvgChart.escape(entry.getKey())).append("</th><td>")
                    .append(SvgChart.escape(contextText(entry.getValue()))).append("</td></tr>");
        }
        html.append("</table>\n<h2>Results</h2>\n<pre>").append(SvgChart.escape(table)).append("</pre>\n");
        html.append("<h2>Plots</h2>\n<div class=\"charts\">\n");
        html.append(SvgChart.lines("Reward mean per step", "step", "reward mean",
                stepSeries(runs, "rewardMean")));
        html.append(SvgChart.lines("Held-out greedy accuracy", "step", "accuracy", evaluationSeries(runs)));
        html.append(SvgChart.lines("Estimator variance (STP vs unpruned)", "step", "variance",
                varianceSeries(runs)));
        html.append(SvgChart.lines("NFE per sample", "step", "forward passes", stepSeries(runs, "nfePerSample")));
        html.append(stepTimeSplit(runs));
        html.append("</div>\n<p>Raw data: <a href=\"").append(JSON_FILE).append("\">").append(JSON_FILE)
                .append("</a>, <a href=\"").append(STEPS_CSV).append("\">").append(STEPS_CSV)
                .append("</a>, <a href=\"").append(EVALUATIONS_CSV).append("\">").append(EVALUATIONS_CSV)
                .append("</a>.</p>\n</body></html>\n");
        return html.toString();
    }

    /** Returns the chart label of {@code run}: the algorithm, followed by the seed when {@code runs} have several. */
    static String seriesLabel(RunRecord run, List<RunRecord> runs) {
        return ResultsTable.seedCount(runs) > 1 ? run.algorithm() + " seed " + run.seed() : run.algorithm();
    }

    private static String contextText(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    private static List<SvgChart.Series> stepSeries(List<RunRecord> runs, String field) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (RunRecord run : runs) {
            series.add(new SvgChart.Series(seriesLabel(run, runs), stepPoints(run, field)));
        }
        return series;
    }

    /**
     * Returns per run the variance of its own estimator and, when its steps report one, the
     * variance of the unpruned estimator on the same rows and seeds, labelled "unpruned".
     */
    static List<SvgChart.Series> varianceSeries(List<RunRecord> runs) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (RunRecord run : runs) {
            String label = seriesLabel(run, runs);
            series.add(new SvgChart.Series(label, stepPoints(run, "estimatorVariance")));
            List<double[]> unpruned = stepPoints(run, "unprunedEstimatorVariance");
            if (!unpruned.isEmpty()) {
                series.add(new SvgChart.Series(label + " unpruned", unpruned));
            }
        }
        return series;
    }

    /** Returns the (step, value) pairs of the steps whose {@code field} is a number. */
    private static List<double[]> stepPoints(RunRecord run, String field) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode step : run.steps()) {
            if (step.hasNonNull(field) && step.get(field).isNumber()) {
                points.add(new double[] {step.path("step").asDouble(), step.get(field).asDouble()});
            }
        }
        return points;
    }

    private static List<SvgChart.Series> evaluationSeries(List<RunRecord> runs) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (RunRecord run : runs) {
            List<double[]> points = new ArrayList<>();
            for (JsonNode evaluation : run.evaluations()) {
                points.add(new double[] {evaluation.path("step").asDouble(), evaluation.path("accuracy").asDouble()});
            }
            series.add(new SvgChart.Series(seriesLabel(run, runs), points));
        }
        return series;
    }

    private static String stepTimeSplit(List<RunRecord> runs) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (RunRecord run : runs) {
            labels.add(seriesLabel(run, runs));
            values.add(new double[] {
                run.meanOfSteps("rolloutMillis").orElse(0) / 1000,
                run.meanOfSteps("scoringMillis").orElse(0) / 1000,
                run.meanOfSteps("updateMillis").orElse(0) / 1000,
                run.meanOfSteps("pushMillis").orElse(0) / 1000});
        }
        return SvgChart.stackedBars("Mean step time split", "s", labels,
                List.of("rollout", "scoring", "update", "push"), values);
    }
}
