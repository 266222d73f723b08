package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProgressPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static JsonNode run(String state, String detail) {
        String detailJson = detail == null ? "null" : "\"" + detail + "\"";
        return TrainerClient.JSON.readTree("{\"state\":\"" + state + "\",\"statusDetail\":" + detailJson + "}");
    }

    private static JsonNode step(int step) {
        return TrainerClient.JSON.readTree("{\"step\":" + step + ",\"rewardMean\":0.5,\"nfePerSample\":20}");
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusTextDropsRepeatedState() {
        assertThat(ProgressPrinter.statusText(run("completed", "40 steps done"))).isEqualTo("completed 40 steps");
        assertThat(ProgressPrinter.statusText(run("cancelled", "cancelled by request"))).isEqualTo("cancelled by request");
        assertThat(ProgressPrinter.statusText(run("paused", "paused after step 3; resume continues from its checkpoint")))
                .isEqualTo("paused after step 3; resume continues from its checkpoint");
    }

    @Test
    void statusTextKeepsOtherDetails() {
        assertThat(ProgressPrinter.statusText(run("running", "step 3: rollout"))).isEqualTo("running (step 3: rollout)");
        assertThat(ProgressPrinter.statusText(run("failed", "reward service timed out")))
                .isEqualTo("failed (reward service timed out)");
        assertThat(ProgressPrinter.statusText(run("running", "runner started"))).isEqualTo("running (runner started)");
        assertThat(ProgressPrinter.statusText(run("created", null))).isEqualTo("created");
    }

    @Test
    void statusEndsOpenBarOnce() {
        ProgressPrinter printer = new ProgressPrinter(out, true);

        printer.step("stp", step(1), 4, null);
        printer.status("stp", run("running", "step 2: rollout"));
        printer.endLine();

        assertThat(printed()).endsWith(" s/step\nstp: [stp] running (step 2: rollout)\n");
    }

    @Test
    void stopEndsBarAndSilencesPrinter() {
        ProgressPrinter printer = new ProgressPrinter(out, true);
        printer.step("stp", step(1), 4, null);

        boolean ended = printer.stop();
        printer.step("stp", step(2), 4, null);
        printer.status("stp", run("paused", "paused by request"));

        assertThat(ended).isTrue();
        assertThat(printed()).endsWith(" s/step\n");
        assertThat(printed()).doesNotContain("step 2/4").doesNotContain("paused");
        assertThat(printer.stop()).as("second stop finds no open line").isFalse();
    }

    @Test
    void stopWithoutRedrawPrintsNothing() {
        ProgressPrinter printer = new ProgressPrinter(out, false);
        printer.step("stp", step(1), 4, null);
        String before = printed();

        assertThat(printer.stop()).isFalse();
        assertThat(printed()).isEqualTo(before);
    }

    @Test
    void finalEvaluationReprintsLastStep() {
        ProgressPrinter printer = new ProgressPrinter(out, false);
        JsonNode before = TrainerClient.JSON.readTree("{\"step\":20,\"accuracy\":0.242}");
        JsonNode after = TrainerClient.JSON.readTree("{\"step\":30,\"accuracy\":0.25}");

        printer.step("stp", step(30), 30, before);
        printer.step("stp", step(30), 30, before);
        printer.step("stp", step(30), 30, after);

        String[] lines = printed().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("eval acc 0.242 (step 20)");
        assertThat(lines[1]).contains("step 30/30").contains("eval acc 0.250 (step 30)");
    }
}
