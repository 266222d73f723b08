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
        List<JsonNode> evaluations = List.of(
                TrainerClient.JSON.readTree("{\"step\":0,\"accuracy\":" + startAccuracy + "}"),
                TrainerClient.JSON.readTree("{\"step\":" + rewards.length + ",\"accuracy\":" + finalAccuracy + "}"));
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

    /** Returns the whitespace-separated cells of the across-seeds row that starts with {@code algorithm}. */
    static List<String> acrossSeedsRow(String table, String algorithm) {
        String section = table.substring(table.indexOf("Across seeds"));
        return section.lines()
                .filter(line -> line.startsWith(algorithm + " "))
                .map(line -> List.of(line.trim().split("\\s+")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no across-seeds row for " + algorithm + " in:\n" + table));
    }

    @Test
    void acrossSeedsRowsHaveMeanSpreadAndGain() {
        String table = ResultsTable.render(threeSeeds());

        List<String> stp = acrossSeedsRow(table, "stp");
        assertThat(stp.get(1)).as("seeds").isEqualTo("3");
        assertThat(stp.get(2)).as("mean start accuracy").isEqualTo("0.300");
        assertThat(stp.get(3)).as("mean final accuracy").isEqualTo("0.633");
        assertThat(stp.get(4)).as("final accuracy min..max").isEqualTo("(0.500..0.800)");
        assertThat(stp.get(5)).as("final accuracy spread").isEqualTo("0.300");
        assertThat(stp.get(6)).as("gain").isEqualTo("+0.333");
        assertThat(stp.get(7)).as("mean reward over the first 4 of 8 steps").isEqualTo("0.375");
        assertThat(stp.get(8)).as("mean reward over the last 4 of 8 steps").isEqualTo("0.683");
        assertThat(stp.get(9)).as("spread of the last-window reward").isEqualTo("0.400");

        List<String> elbo = acrossSeedsRow(table, "elbo-grpo");
        assertThat(elbo.get(1)).as("seeds").isEqualTo("2");
        assertThat(elbo.get(3)).as("mean final accuracy").isEqualTo("0.300");
        assertThat(elbo.get(4)).as("final accuracy min..max").isEqualTo("(0.250..0.350)");
        assertThat(elbo.get(5)).as("final accuracy spread").isEqualTo("0.100");
        assertThat(elbo.get(6)).as("gain").isEqualTo("+0.050");
        assertThat(elbo.get(9)).as("spread of the last-window reward").isEqualTo("0.200");
    }

    @Test
    void acrossSeedsKeepsFirstSeenAlgorithmOrder() {
        String section = ResultsTable.acrossSeeds(threeSeeds());

        List<String> lines = section.lines().toList();
        assertThat(lines.get(0)).startsWith("Across seeds");
        assertThat(lines.get(1)).startsWith("algorithm").contains("train reward first 4").contains("train last 4 spread");
        assertThat(lines.get(3)).startsWith("stp ");
        assertThat(lines.get(4)).startsWith("elbo-grpo ");
        assertThat(lines).hasSize(5);
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

        List<String> stp = acrossSeedsRow(table, "stp");
        assertThat(stp.get(2)).as("mean start accuracy").isEqualTo("0.200");
        assertThat(stp.get(3)).as("mean final accuracy").isEqualTo("0.350");
        assertThat(stp.get(6)).as("gain").isEqualTo("+0.150");
        assertThat(table).as("half of the two steps that ran").contains("train reward first 1").contains("train reward last 1");
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
