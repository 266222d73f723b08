package org.stpplatform.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodingSettingsTest {

    @Test
    void paperSettingsGiveEightBlocksOfSixteenSteps() {
        DecodingSettings settings = DecodingSettings.paperTraining(1);
        assertThat(settings.blockCount()).isEqualTo(8);
        assertThat(settings.stepsPerBlock()).isEqualTo(16);
        assertThat(settings.earlyExitThreshold()).isEqualTo(243);
    }

    @Test
    void earlyExitThresholdIsFloored() {
        assertThat(settings(20, 0.95).earlyExitThreshold()).isEqualTo(19);
        assertThat(settings(20, 0.75).earlyExitThreshold()).isEqualTo(15);
        assertThat(settings(20, 0.99).earlyExitThreshold()).isEqualTo(19);
        assertThat(settings(20, 1.0).earlyExitThreshold()).isEqualTo(20);
    }

    @Test
    void zeroOrNanTauTurnsEarlyExitOff() {
        assertThat(settings(20, 0).earlyExitEnabled()).isFalse();
        assertThat(settings(20, Double.NaN).earlyExitEnabled()).isFalse();
        assertThat(settings(20, Double.NaN).earlyExitThreshold()).isEqualTo(20);
    }

    @Test
    void blockLengthMustDivideGenerationLength() {
        assertThatThrownBy(() -> new DecodingSettings(256, 30, 128, 0, Remasking.LOW_CONFIDENCE, 0, 1))
                .hasMessageContaining("blockLength")
                .hasMessageContaining("32");
    }

    @Test
    void stepsMustBeMultipleOfBlockCount() {
        assertThatThrownBy(() -> new DecodingSettings(256, 32, 100, 0, Remasking.LOW_CONFIDENCE, 0, 1))
                .hasMessageContaining("steps")
                .hasMessageContaining("block count 8");
    }

    @Test
    void tauOutsideUnitIntervalRejected() {
        assertThatThrownBy(() -> settings(20, 1.5)).hasMessageContaining("earlyExitTau");
        assertThatThrownBy(() -> settings(20, -0.1)).hasMessageContaining("earlyExitTau");
    }

    @Test
    void negativeTemperatureRejected() {
        assertThatThrownBy(() -> new DecodingSettings(20, 20, 20, -1, Remasking.RANDOM, 0, 1))
                .hasMessageContaining("temperature");
    }

    private static DecodingSettings settings(int length, double tau) {
        return new DecodingSettings(length, length, length, 0, Remasking.LOW_CONFIDENCE, tau, 1);
    }
}
