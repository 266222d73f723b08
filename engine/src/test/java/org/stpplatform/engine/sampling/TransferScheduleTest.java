package org.stpplatform.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransferScheduleTest {

    @Test
    void remainderGoesToEarliestSteps() {
        assertThat(TransferSchedule.counts(10, 4)).containsExactly(3, 3, 2, 2);
        assertThat(TransferSchedule.counts(2, 4)).containsExactly(1, 1, 0, 0);
        assertThat(TransferSchedule.counts(32, 16)).containsOnly(2);
    }

    @Test
    void emptyBlockCommitsNothing() {
        assertThat(TransferSchedule.counts(0, 3)).containsExactly(0, 0, 0);
    }

    @Test
    void countsSumToMaskedCount() {
        for (int masked = 0; masked <= 40; masked++) {
            for (int steps = 1; steps <= 9; steps++) {
                int[] counts = TransferSchedule.counts(masked, steps);
                assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(masked);
                assertThat(counts[0] - counts[steps - 1]).isBetween(0, 1);
            }
        }
    }

    @Test
    void invalidArgumentsRejected() {
        assertThatThrownBy(() -> TransferSchedule.counts(3, 0)).hasMessageContaining("steps > 0");
    }
}
