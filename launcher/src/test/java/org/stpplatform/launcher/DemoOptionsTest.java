package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsWithoutArguments() {
        DemoOptions options = DemoOptions.parse(List.of());

        assertThat(options.steps()).isEqualTo(30);
        assertThat(options.algorithms()).containsExactly("stp");
        assertThat(options.dataDir()).isEqualTo(Path.of("stp-data"));
        assertThat(options.compare()).isFalse();
        assertThat(options.budget().groupSize()).isEqualTo(8);
    }

    @Test
    void compareRunsThreeAlgorithms() {
        DemoOptions options = DemoOptions.parse(List.of("--compare", "--steps", "5", "--seed", "3"));

        assertThat(options.algorithms()).containsExactly("stp", "elbo-grpo", "diffu-grpo");
        assertThat(options.steps()).isEqualTo(5);
        assertThat(options.seeds()).containsExactly(3L);
    }

    @Test
    void seedDefaultsToOneElementList() {
        assertThat(DemoOptions.parse(List.of()).seeds()).containsExactly(7L);
        assertThat(DemoOptions.parse(List.of("--seed", "12")).seeds()).containsExactly(12L);
    }

    @Test
    void seedsListParsedInOrder() {
        DemoOptions options = DemoOptions.parse(List.of("--compare", "--seeds", "9, 7,8"));

        assertThat(options.seeds()).containsExactly(9L, 7L, 8L);
        assertThat(options.algorithms()).containsExactly("stp", "elbo-grpo", "diffu-grpo");
        assertThat(DemoOptions.USAGE).contains("--seeds LIST");
    }

    @Test
    void seedsWithOneSeedAllowsResume() {
        DemoOptions options = DemoOptions.parse(List.of("--seeds", "5", "--resume", "run-1"));

        assertThat(options.seeds()).containsExactly(5L);
        assertThat(options.resumeRunId()).isEqualTo("run-1");
    }

    @Test
    void seedsDuplicatesRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seeds", "7,8,7,8,9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--seeds '7,8,7,8,9' contains 7,8 more than once");
    }

    @Test
    void seedsInvalidEntriesRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seeds", "7,,8")))
                .hasMessageContaining("--seeds '7,,8' is invalid: expected integers separated by commas");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seeds", "7,")))
                .hasMessageContaining("--seeds '7,' is invalid");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seeds", "7,x")))
                .hasMessageContaining("option --seeds needs an integer, got 'x'");
    }

    @Test
    void seedAndSeedsTogetherRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seed", "7", "--seeds", "8,9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--seed and --seeds cannot be combined");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--seeds", "8,9", "--seed", "7")))
                .hasMessageContaining("--seed and --seeds cannot be combined");
    }

    @Test
    void resumeWithSeveralSeedsRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--resume", "run-1", "--seeds", "7,8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--resume resumes one run and cannot be combined with several seeds")
                .hasMessageContaining("--seeds 7,8");
    }

    @Test
    void portsAndConnectParsed() {
        DemoOptions options = DemoOptions.parse(List.of("--ports", "reward=18081,rollout=18082",
                "--connect", "trainer=http://127.0.0.1:8083/"));

        assertThat(options.ports()).isEqualTo(Map.of("reward", 18081, "rollout", 18082));
        assertThat(options.connect()).isEqualTo(Map.of("trainer", "http://127.0.0.1:8083"));
    }

    @Test
    void connectRejectsOtherHosts() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--connect", "trainer=http://10.0.0.5:8083")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an http URL on localhost");
    }

    @Test
    void unknownServiceRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--ports", "scorer=9000")))
                .hasMessageContaining("unknown services [scorer]");
    }

    @Test
    void unknownAlgorithmListsChoices() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--algorithm", "ppo")))
                .hasMessageContaining("expected one of [stp, elbo-grpo, diffu-grpo]");
    }

    @Test
    void invalidValuesNamed() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--steps", "ten")))
                .hasMessageContaining("option --steps needs an integer, got 'ten'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--steps", "0")))
                .hasMessageContaining("--steps must be positive");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--bogus", "1")))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--compare", "--resume", "run-1")))
                .hasMessageContaining("cannot be combined with --compare");
    }

    @Test
    void runConfigCarriesOptions() {
        DemoOptions options = DemoOptions.parse(List.of("--steps", "4", "--seed", "9", "--prompts-per-step", "3",
                "--distribution", "small"));

        var config = DemoRunConfig.build(options, "elbo-grpo", 11, "http://127.0.0.1:1", "http://127.0.0.1:2");

        assertThat(config.path("algorithm").asString()).isEqualTo("elbo-grpo");
        assertThat(config.path("steps").asInt()).isEqualTo(4);
        assertThat(config.path("seed").asLong()).isEqualTo(11);
        assertThat(config.path("name").asString()).isEqualTo("demo-elbo-grpo-seed11");
        assertThat(config.path("promptsPerStep").asInt()).isEqualTo(3);
        assertThat(config.path("dataset").path("countdownDistribution").asString()).isEqualTo("small");
        assertThat(config.path("rollout").path("endpoints").get(0).asString()).isEqualTo("http://127.0.0.1:2");
        assertThat(config.path("rewardServiceUrl").asString()).isEqualTo("http://127.0.0.1:1");
        assertThat(config.path("generation").path("generationLength").asInt()).isEqualTo(48);
        assertThat(config.path("optimizer").path("learningRate").asDouble()).isEqualTo(DemoRunConfig.LEARNING_RATE);
    }

    @Test
    void learningRateOption() {
        DemoOptions options = DemoOptions.parse(List.of("--lr", "1e-4"));

        assertThat(options.budget().learningRate()).isEqualTo(1e-4);
        assertThat(DemoOptions.USAGE).contains("--lr X");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--lr", "-1")))
                .hasMessageContaining("--lr must be a positive number");
    }

    @Test
    void setOverridesRunConfigurationFields() {
        DemoOptions options = DemoOptions.parse(List.of("--set", "estimator=elbo_weighted",
                "--set", "generation.temperature=0.7", "--set", "evaluation.generationLengths=[32,48]"));

        tools.jackson.databind.node.ObjectNode config =
                DemoRunConfig.build(options, "stp", 7, "http://127.0.0.1:1", "http://127.0.0.1:2");

        assertThat(config.get("estimator").asString()).isEqualTo("elbo_weighted");
        assertThat(config.get("generation").get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(config.get("generation").get("generationLength").asInt()).isEqualTo(48);
        assertThat(config.get("evaluation").get("generationLengths").toString()).isEqualTo("[32,48]");
    }

    @Test
    void setRejectsLauncherFieldsBadPathsAndRepeats() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "seed=3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seeds");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "rollout.mode=async")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rollout'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "temperature")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PATH=VALUE");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "generation..x=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field names");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "steps=9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use --steps");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--set", "klBeta=0", "--set", "klBeta=0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void misspeltOverridesAreFound() throws Exception {
        tools.jackson.databind.JsonNode stored = TrainerClient.JSON.readTree(
                "{\"estimator\": \"stp\", \"generation\": {\"temperature\": 0.9}}");

        assertThat(DemoCommand.unknownOverrides(List.of("estimator", "generation.temperature"), stored)).isEmpty();
        assertThat(DemoCommand.unknownOverrides(List.of("generation.temperatur", "estimatr"), stored))
                .containsExactly("generation.temperatur", "estimatr");
    }

    @Test
    void missingDatasetRejectedBeforeStart() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--dataset", "/nonexistent/prompts.jsonl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dataset /nonexistent/prompts.jsonl is not a readable file");
    }

    @Test
    void datasetFileAccepted(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("train.jsonl"), "{\"input\": \"1,2,3\", \"output\": \"6\"}\n");

        assertThat(DemoOptions.parse(List.of("--dataset", file.toString())).dataset()).isEqualTo(file);
    }

    @Test
    void distributionFormChecked() {
        assertThat(DemoOptions.parse(List.of("--distribution", "3:1..20:10..50")).distribution())
                .isEqualTo("3:1..20:10..50");
        assertThat(DemoOptions.parse(List.of("--distribution", "real")).distribution()).isEqualTo("real");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--distribution", "weird")))
                .hasMessageContaining("--distribution 'weird' is invalid: use real, small or COUNT:MIN..MAX:MIN..MAX");
    }

    @Test
    void duplicatePortRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--ports", "reward=18777,rollout=18777,trainer=18779")))
                .hasMessageContaining("--ports gives port 18777 to both reward and rollout");
    }
}
