package org.stpplatform.engine.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdvantagesTest {

    private static final Offset<Double> TOLERANCE = Offset.offset(1e-12);

    @Test
    void stdNormalizedUsesUnbiasedStd() {
        double[] advantages = Advantages.forGroup(new double[] {1, 0, 0, 1}, AdvantageMode.STD_NORMALIZED);

        // mean 0.5; unbiased std sqrt(4 * 0.25 / 3) = sqrt(1/3).
        double expected = 0.5 / (Math.sqrt(1.0 / 3.0) + 1e-4);
        assertThat(advantages[0]).isCloseTo(expected, TOLERANCE);
        assertThat(advantages[1]).isCloseTo(-expected, TOLERANCE);
    }

    @Test
    void stdNormalizedOnUnevenGroup() {
        double[] advantages = Advantages.forGroup(new double[] {1.0, 0.1, 0.1}, AdvantageMode.STD_NORMALIZED);

        // mean 0.4; deviations 0.6, -0.3, -0.3; unbiased variance (0.36 + 0.09 + 0.09) / 2 = 0.27.
        double std = Math.sqrt(0.27);
        assertThat(advantages[0]).isCloseTo(0.6 / (std + 1e-4), TOLERANCE);
        assertThat(advantages[2]).isCloseTo(-0.3 / (std + 1e-4), TOLERANCE);
    }

    @Test
    void meanOnlySubtractsMean() {
        assertThat(Advantages.forGroup(new double[] {1.0, 0.1, 0.1}, AdvantageMode.MEAN_ONLY))
                .containsExactly(new double[] {0.6, -0.3, -0.3}, Offset.offset(1e-12));
    }

    @Test
    void leaveOneOutSubtractsMeanOfOthers() {
        assertThat(Advantages.forGroup(new double[] {1, 0, 0, 1}, AdvantageMode.LEAVE_ONE_OUT))
                .containsExactly(new double[] {2.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3}, Offset.offset(1e-12));
    }

    @Test
    void zeroSpreadGroupSkippedAndCounted() {
        Advantages.GroupAdvantages result = Advantages.compute(
                List.of(new double[] {2, 2, 2}, new double[] {1, 0}), AdvantageMode.STD_NORMALIZED, ZeroSpreadPolicy.SKIP);

        assertThat(result.zeroSpreadGroups()).isEqualTo(1);
        assertThat(result.skipped()).containsExactly(true, false);
        assertThat(result.advantages().get(0)).containsOnly(0.0);
    }

    @Test
    void zeroSpreadGroupKeptWithZeroAdvantages() {
        Advantages.GroupAdvantages result = Advantages.compute(
                List.of(new double[] {0.1, 0.1}, new double[] {1}), AdvantageMode.MEAN_ONLY, ZeroSpreadPolicy.KEEP);

        assertThat(result.zeroSpreadGroups()).isEqualTo(2);
        assertThat(result.skipped()).containsExactly(false, false);
        assertThat(result.advantages().get(0)).containsOnly(0.0);
    }

    @Test
    void modeParsedByName() {
        assertThat(AdvantageMode.parse("leave-one-out")).isEqualTo(AdvantageMode.LEAVE_ONE_OUT);
        assertThatThrownBy(() -> AdvantageMode.parse("rank")).hasMessageContaining("std_normalized");
    }
}
