package org.stpplatform.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SftCommandTest {

    @Test
    void unknownOptionRejected() {
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(new String[] {"--output", "x", "--stepz", "3"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --stepz");
    }

    @Test
    void missingValueRejected() {
        assertThatThrownBy(() -> SftCommand.parse(new String[] {"--steps"}))
                .hasMessageContaining("--steps is missing its value");
    }

    @Test
    void nonNumericValueNamesOption() {
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(new String[] {"--output", "x", "--lr", "fast"})))
                .hasMessageContaining("option --lr needs a number, got 'fast'");
    }

    @Test
    void missingOutputRejected() {
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(new String[] {"--steps", "3"})))
                .hasMessageContaining("outputDir is missing");
    }

    @Test
    void invalidSettingNamed() {
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(new String[] {"--output", "x", "--batch", "0"})))
                .hasMessageContaining("batchSize must be positive, got 0");
    }

    @Test
    void defaultsMatchUsage() {
        SftSettings settings = SftCommand.settings(SftCommand.parse(new String[] {"--output", "x"}));

        assertThat(settings.steps()).isEqualTo(12_000);
        assertThat(settings.batchSize()).isEqualTo(32);
        assertThat(settings.generationLength()).isEqualTo(48);
        assertThat(SftCommand.USAGE).contains("--steps N                optimizer steps [12000]");
    }

    @Test
    void flawOptionsParsedAndShareChecked() {
        SftSettings settings = SftCommand.settings(SftCommand.parse(
                new String[] {"--output", "x", "--flaw", "no-answer", "--flaw-share", "0.8"}));

        assertThat(settings.flaw()).isEqualTo(TraceFlaw.NO_ANSWER);
        assertThat(settings.flawShare()).isEqualTo(0.8);
        assertThat(SftCommand.settings(SftCommand.parse(new String[] {"--output", "x"})).flaw())
                .isEqualTo(TraceFlaw.NONE);
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(
                new String[] {"--output", "x", "--flaw", "no-answer", "--flaw-share", "1.5"})))
                .hasMessageContaining("flawShare must be in [0, 1], got 1.5");
    }

    @Test
    void unknownOptionNamedBeforeMissingOutput() {
        assertThatThrownBy(() -> SftCommand.settings(SftCommand.parse(new String[] {"--bogus", "1"})))
                .hasMessageContaining("unknown option --bogus; see ./stp sft --help");
    }
}
