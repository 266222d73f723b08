package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ReportWriterTest {

    @TempDir
    Path dir;

    static RunRecord record(String algorithm, double rewardStart, double rewardStep) {
        return record(algorithm, 7, rewardStart, rewardStep);
    }

    static RunRecord record(String algorithm, long seed, double rewardStart, double rewardStep) {
        List<JsonNode> steps = new ArrayList<>();
        for (int step = 1; step <= 6; step++) {
            steps.add(TrainerClient.JSON.readTree(String.format(java.util.Locale.ROOT,
                    "{\"step\":%d,\"rewardMean\":%.3f,\"accuracy\":%.3f,\"estimatorVariance\":%s,\"nfePerSample\":20.5,"
                            + "\"rolloutMillis\":1000,\"scoringMillis\":100,\"updateMillis\":2000,\"pushMillis\":50}",
                    step, rewardStart + rewardStep * step, 0.2 + 0.01 * step, step == 3 ? "null" : "0.004")));
        }
        List<JsonNode> evaluations = List.of(
                TrainerClient.JSON.readTree("{\"step\":0,\"sampleCount\":8,\"correctCount\":2,"
                        + "\"unparseableCount\":4,\"accuracy\":0.25,\"rewardMean\":0.3}"),
                TrainerClient.JSON.readTree("{\"step\":6,\"sampleCount\":8,\"correctCount\":3,"
                        + "\"unparseableCount\":1,\"accuracy\":0.375,\"rewardMean\":0.45}"));
        JsonNode status = TrainerClient.JSON.readTree("{\"runId\":\"run-" + algorithm + "\",\"state\":\"completed\"}");
        return new RunRecord(algorithm, seed, "run-" + algorithm, status, steps, evaluations, 42.0);
    }

    /** Returns a copy of {@code run} whose steps report {@code variance} as the unpruned variance, except step 3. */
    static RunRecord withUnprunedVariance(RunRecord run, double variance) {
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode step : run.steps()) {
            ObjectNode copy = (ObjectNode) step.deepCopy();
            if (step.path("step").asInt() != 3) {
                copy.put("unprunedEstimatorVariance", variance);
            }
            steps.add(copy);
        }
        return new RunRecord(run.algorithm(), run.seed(), run.runId(), run.status(), steps, run.evaluations(),
                run.wallSeconds());
    }

    @Test
    void writesHtmlJsonAndCsv() throws Exception {
        List<RunRecord> runs = List.of(record("stp", 0.3, 0.02), record("elbo-grpo", 0.3, 0.01));
        String table = ResultsTable.render(runs);

        ReportWriter.write(dir, runs, table, Map.of("seed", 7));

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("<svg").contains("Reward mean per step").contains("Estimator variance")
                .contains("Mean step time split").contains("elbo-grpo");
        assertThat(html).doesNotContain("no data");
        List<String> steps = Files.readAllLines(dir.resolve("steps.csv"));
        assertThat(steps).hasSize(13);
        assertThat(steps.get(0)).startsWith("algorithm,seed,runId,step,rewardMean,accuracy,estimatorVariance");
        assertThat(steps.get(1)).startsWith("stp,7,run-stp,1,0.32,");
        assertThat(steps.get(3)).contains(",,");
        JsonNode json = TrainerClient.JSON.readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.path("runs")).hasSize(2);
        assertThat(json.path("runs").get(0).path("steps")).hasSize(6);
        assertThat(json.path("runs").get(0).path("seed").asLong()).isEqualTo(7);
        assertThat(json.path("context").path("seed").asInt()).isEqualTo(7);
        List<String> evaluations = Files.readAllLines(dir.resolve("evaluations.csv"));
        assertThat(evaluations).hasSize(5);
        assertThat(evaluations.get(0))
                .isEqualTo("algorithm,seed,runId,step,sampleCount,correctCount,unparseableCount,accuracy,rewardMean");
        assertThat(evaluations.get(1)).isEqualTo("stp,7,run-stp,0,8,2,4,0.25,0.3");
        assertThat(evaluations.get(2)).isEqualTo("stp,7,run-stp,6,8,3,1,0.375,0.45");
        JsonNode lastEvaluation = json.path("runs").get(0).path("evaluations").get(1);
        assertThat(lastEvaluation.path("unparseableCount").asInt()).isEqualTo(1);
    }

    @Test
    void severalSeedsLabelledInReport() throws Exception {
        List<RunRecord> runs = List.of(record("stp", 7, 0.3, 0.02), record("diffu-grpo", 7, 0.3, 0.0),
                record("stp", 8, 0.3, 0.01), record("diffu-grpo", 8, 0.3, 0.0));
        String table = ResultsTable.render(runs);

        ReportWriter.write(dir, runs, table, Map.of("seeds", List.of(7L, 8L)));

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("Across seeds");
        assertThat(html).contains(">stp seed 7</text>").contains(">diffu-grpo seed 8</text>");
        assertThat(html).contains("<td>7, 8</td>");
        List<String> steps = Files.readAllLines(dir.resolve("steps.csv"));
        assertThat(steps.get(13)).startsWith("stp,8,run-stp,1,");
        JsonNode json = TrainerClient.JSON.readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.path("runs").get(2).path("seed").asLong()).isEqualTo(8);
        assertThat(json.path("context").path("seeds").toString()).isEqualTo("[7,8]");
        assertThat(json.path("table").asString()).contains("Across seeds");
    }

    @Test
    void oneSeedChartsLabelledByAlgorithm() {
        List<RunRecord> runs = List.of(record("stp", 0.3, 0.02), record("elbo-grpo", 0.3, 0.01));

        String html = ReportWriter.html(runs, ResultsTable.render(runs), Map.of());

        assertThat(html).contains(">stp</text>").contains(">elbo-grpo</text>").doesNotContain(" seed 7");
    }

    @Test
    void singleRunTableShowsStartAndEnd() {
        String table = ResultsTable.render(List.of(record("stp", 0.3, 0.02)));

        assertThat(table).contains("held-out greedy accuracy (step)").contains("0.250 (0)").contains("0.375 (6)");
        List<String> lines = table.lines().toList();
        int rewardRow = lines.indexOf(lines.stream().filter(line -> line.startsWith("held-out greedy reward mean"))
                .findFirst().orElseThrow());
        assertThat(lines.get(rewardRow + 1)).startsWith("held-out unparseable share")
                .contains("0.500 (0)").endsWith("0.125 (6)");
        assertThat(table).contains("4.000e-03");
        assertThat(table).contains("3.2 (1.0/0.1/2.0/0.1)");
    }

    @Test
    void varianceChartAddsUnprunedSeries() {
        List<RunRecord> runs = List.of(withUnprunedVariance(record("stp", 0.3, 0.02), 0.006),
                record("elbo-grpo", 0.3, 0.01));

        List<SvgChart.Series> series = ReportWriter.varianceSeries(runs);
        String html = ReportWriter.html(runs, ResultsTable.render(runs), Map.of());

        assertThat(series).extracting(SvgChart.Series::name).containsExactly("stp", "stp unpruned", "elbo-grpo");
        assertThat(series.get(1).points()).extracting(point -> point[0]).containsExactly(1.0, 2.0, 4.0, 5.0, 6.0);
        assertThat(series.get(1).points()).extracting(point -> point[1]).containsOnly(0.006);
        assertThat(html).contains(">stp unpruned</text>");
        assertThat(html).doesNotContain(">elbo-grpo unpruned</text>");
    }

    @Test
    void singleRunTableShowsUnprunedVariance() {
        String table = ResultsTable.render(List.of(withUnprunedVariance(record("stp", 0.3, 0.02), 0.006)));

        assertThat(table.lines().filter(line -> line.startsWith("unpruned estimator variance (mean over steps)")))
                .singleElement().asString().endsWith("6.000e-03");
        assertThat(table).contains("4.000e-03");
    }

    @Test
    void singleRunTableOmitsMissingUnprunedVariance() {
        String table = ResultsTable.render(List.of(record("elbo-grpo", 0.3, 0.01)));

        assertThat(table).contains("estimator variance (mean over steps)");
        assertThat(table).doesNotContain("unpruned");
    }

    @Test
    void compareTableHasOneRowPerAlgorithm() {
        String table = ResultsTable.render(List.of(record("stp", 0.3, 0.02), record("diffu-grpo", 0.3, 0.0)));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("stp").contains("0.250").contains("0.375").contains("completed");
        assertThat(lines.get(3)).startsWith("diffu-grpo");
    }

    @Test
    void progressLineShowsStepFields() {
        JsonNode step = record("stp", 0.3, 0.02).steps().get(1);
        JsonNode evaluation = TrainerClient.JSON.readTree("{\"step\":0,\"accuracy\":0.25}");

        String line = ProgressPrinter.line("stp", step, 4, evaluation);

        assertThat(line).startsWith("[##########..........] stp");
        assertThat(line).contains("step 2/4").contains("reward 0.340").contains("eval acc 0.250 (step 0)")
                .contains("est var 4.00e-03").contains("NFE/sample 20.5").contains("3.2 s/step");
    }

    @Test
    void problemTextIncludesFieldErrors() {
        String body = "{\"title\":\"Invalid run configuration\",\"detail\":\"2 fields are invalid\","
                + "\"errors\":[{\"field\":\"steps\",\"message\":\"must be positive\"}]}";

        assertThat(TrainerClient.problemText(body))
                .isEqualTo("Invalid run configuration: 2 fields are invalid; steps: must be positive");
        assertThat(TrainerClient.problemText("plain text")).isEqualTo("plain text");
    }

    @Test
    void problemTextDoesNotRepeatTitle() {
        String body = "{\"title\":\"Invalid run configuration\",\"detail\":\"Invalid run configuration: check steps.\"}";

        assertThat(TrainerClient.problemText(body)).isEqualTo("Invalid run configuration: check steps.");
    }
}
