package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResultsTableTest {

    /** Builds a run whose held-out accuracy moves from {@code startAccuracy} to {@code finalAccuracy}. */
    static RunRecord run(String algorithm, long seed, String state, double startAccuracy, double finalAccuracy,
            double... rewards) {
        List<JsonNode> steps = new ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            steps.add(TrainerClient.JSON.readTree(String.format(Locale.ROOT,
                    "{\"step\":%d,\"rewardMean\":%s,\"accuracy\":0.5,\"rolloutMillis\":1000}", i + 1, rewards[i])));
        }
        // The held-out reward mean is set to accuracy + 0.1, so its statistics follow the accuracy's.
        List<JsonNode> evaluations = List.of(
                TrainerClient.JSON.readTree("{\"step\":0,\"accuracy\":" + startAccuracy
                        + ",\"rewardMean\":" + (startAccuracy + 0.1) + "}"),
                TrainerClient.JSON.readTree("{\"step\":" + rewards.length + ",\"accuracy\":" + finalAccuracy
                        + ",\"rewardMean\":" + (finalAccuracy + 0.1) + "}"));
        JsonNode status = TrainerClient.JSON.readTree("{\"state\":\"" + state + "\"}");
        return new RunRecord(algorithm, seed, algorithm + "-" + seed, status, steps, evaluations, 10.0);
    }

    static double[] constant(double value, int count) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    /** Three stp seeds and two elbo-grpo seeds with hand-computed statistics, in seed-major order. */
    static List<RunRecord> threeSeeds() {
        return List.of(
                run("stp", 7, "completed", 0.2, 0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
                run("elbo-grpo", 7, "completed", 0.25, 0.25, constant(0.4, 8)),
                run("stp", 8, "completed", 0.3, 0.6, constant(0.5, 8)),
                run("elbo-grpo", 8, "completed", 0.25, 0.35, constant(0.6, 8)),
                run("stp", 9, "completed", 0.4, 0.8, 0.2, 0.2, 0.2, 0.9, 0.9, 0.9, 0.9, 0.9));
    }

    /**
     * Returns the cells after the metric label of the across-seeds row of {@code algorithm} whose
     * metric label contains {@code metric}: start, final mean, (min..max), final spread and gain.
     */
    static List<String> acrossSeedsCells(String table, String algorithm, String metric) {
        String section = table.substring(table.indexOf("Across seeds"));
        return section.lines()
                .filter(line -> line.startsWith(algorithm + " ") && line.contains(metric))
                .map(line -> line.substring(line.indexOf(metric) + metric.length()))
                .map(rest -> List.of(rest.trim().split("\\s+")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no across-seeds row for " + algorithm + " " + metric
                        + " in:\n" + table));
    }

    @Test
    void acrossSeedsRowsHaveMeanSpreadAndGain() {
        String table = ResultsTable.render(threeSeeds());

        List<String> accuracy = acrossSeedsCells(table, "stp", "held-out greedy accuracy");
        assertThat(accuracy.get(0)).as("mean start accuracy").isEqualTo("0.300");
        assertThat(accuracy.get(1)).as("mean final accuracy").isEqualTo("0.633");
        assertThat(accuracy.get(2)).as("final accuracy min..max").isEqualTo("(0.500..0.800)");
        assertThat(accuracy.get(3)).as("final accuracy spread").isEqualTo("0.300");
        assertThat(accuracy.get(4)).as("accuracy gain").isEqualTo("+0.333");

        List<String> heldOutReward = acrossSeedsCells(table, "stp", "held-out greedy reward mean");
        assertThat(heldOutReward.get(0)).as("mean start reward").isEqualTo("0.400");
        assertThat(heldOutReward.get(1)).as("mean final reward").isEqualTo("0.733");
        assertThat(heldOutReward.get(3)).as("final reward spread").isEqualTo("0.300");
        assertThat(heldOutReward.get(4)).as("reward gain").isEqualTo("+0.333");

        List<String> training = acrossSeedsCells(table, "stp", "training reward (first/last 4 steps)");
        assertThat(training.get(0)).as("mean reward over the first 4 of 8 steps").isEqualTo("0.375");
        assertThat(training.get(1)).as("mean reward over the last 4 of 8 steps").isEqualTo("0.683");
        assertThat(training.get(2)).as("last-window reward min..max").isEqualTo("(0.500..0.900)");
        assertThat(training.get(3)).as("spread of the last-window reward").isEqualTo("0.400");

        List<String> elbo = acrossSeedsCells(table, "elbo-grpo", "held-out greedy accuracy");
        assertThat(elbo.get(1)).as("mean final accuracy").isEqualTo("0.300");
        assertThat(elbo.get(2)).as("final accuracy min..max").isEqualTo("(0.250..0.350)");
        assertThat(elbo.get(3)).as("final accuracy spread").isEqualTo("0.100");
        assertThat(elbo.get(4)).as("gain").isEqualTo("+0.050");
        assertThat(acrossSeedsCells(table, "elbo-grpo", "training reward (first/last 4 steps)").get(3))
                .as("spread of the last-window reward").isEqualTo("0.200");
    }

    @Test
    void acrossSeedsKeepsFirstSeenAlgorithmOrder() {
        String section = ResultsTable.acrossSeeds(threeSeeds());

        List<String> lines = section.lines().toList();
        assertThat(lines.get(0)).startsWith("Across seeds");
        assertThat(lines.get(1)).startsWith("algorithm").contains("metric").contains("final spread");
        assertThat(lines.get(3)).startsWith("stp ").contains("held-out greedy accuracy");
        assertThat(lines.get(4)).startsWith("stp ").contains("held-out greedy reward mean");
        assertThat(lines.get(5)).startsWith("stp ").contains("training reward (first/last 4 steps)");
        assertThat(lines.get(6)).startsWith("elbo-grpo ").contains("held-out greedy accuracy");
        assertThat(lines.get(8)).startsWith("elbo-grpo ").contains("training reward");
        assertThat(lines).hasSize(9);
        assertThat(lines.get(3)).contains(" 3 ");
        assertThat(lines.get(6)).contains(" 2 ");
    }

    @Test
    void perRunTableHasSeedColumn() {
        String table = ResultsTable.render(threeSeeds());

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("algorithm  seed  start acc");
        assertThat(lines.get(2)).startsWith("stp        7 ");
        assertThat(lines.get(3)).startsWith("elbo-grpo  7 ");
        assertThat(lines.get(6)).startsWith("stp        9 ").contains("0.400").contains("0.800");
    }

    @Test
    void oneSeedHasNoAcrossSeedsTable() {
        String table = ResultsTable.render(List.of(
                run("stp", 7, "completed", 0.2, 0.5, constant(0.5, 6)),
                run("diffu-grpo", 7, "completed", 0.2, 0.4, constant(0.5, 6))));

        assertThat(table).doesNotContain("Across seeds");
        assertThat(table.lines().toList()).hasSize(4);
    }

    @Test
    void acrossSeedsWithOneAlgorithm() {
        String table = ResultsTable.render(List.of(
                run("stp", 1, "completed", 0.1, 0.3, constant(0.2, 2)),
                run("stp", 2, "completed", 0.3, 0.4, constant(0.4, 2))));

        List<String> stp = acrossSeedsCells(table, "stp", "held-out greedy accuracy");
        assertThat(stp.get(0)).as("mean start accuracy").isEqualTo("0.200");
        assertThat(stp.get(1)).as("mean final accuracy").isEqualTo("0.350");
        assertThat(stp.get(4)).as("gain").isEqualTo("+0.150");
        assertThat(table).as("half of the two steps that ran").contains("training reward (first/last 1 step)");
    }

    @Test
    void acrossSeedsNotesRunsThatDidNotComplete() {
        String table = ResultsTable.render(List.of(
                run("stp", 1, "completed", 0.1, 0.3, constant(0.2, 6)),
                run("stp", 2, "failed", 0.1, 0.1, constant(0.2, 1))));

        assertThat(table).contains("note: 1 of 2 runs did not complete");
    }

    @Test
    void singleRunWithoutUnparseableCountShowsDash() {
        String table = ResultsTable.render(List.of(run("stp", 7, "completed", 0.2, 0.5, constant(0.5, 3))));

        assertThat(table.lines().filter(line -> line.startsWith("held-out unparseable share")))
                .singleElement().asString().matches("held-out unparseable share\\s+-\\s+-");
    }

    @Test
    void singleRunWindowShrinksToStepsRun() {
        String threeSteps = ResultsTable.render(List.of(run("stp", 7, "completed", 0.2, 0.5, 0.1, 0.2, 0.3)));
        String oneStep = ResultsTable.render(List.of(run("stp", 7, "completed", 0.2, 0.5, 0.1)));
        String eightSteps = ResultsTable.render(List.of(run("stp", 7, "completed", 0.2, 0.5, constant(0.1, 8))));

        assertThat(threeSteps).contains("training reward mean (first/last 1 step)");
        assertThat(threeSteps).doesNotContain("5 steps");
        assertThat(oneStep).contains("training accuracy (first/last 1 step)");
        assertThat(eightSteps).contains("training reward mean (first/last 4 steps)");
    }

    @Test
    void shortRunWindowsShareNoStep() {
        String table = ResultsTable.single(run("stp", 7, "completed", 0.1, 0.2, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6));

        assertThat(table).contains("training reward mean (first/last 3 steps)");
        assertThat(table.lines().filter(line -> line.startsWith("training reward mean")).findFirst().orElseThrow())
                .contains("0.200").contains("0.500");
    }
}
