package org.stpplatform.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.trainer.dataset.TaskExample;

class WorkerSupportTest {

    private static List<TaskExample> pool(int size) {
        List<TaskExample> examples = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            examples.add(new TaskExample("train-" + i, "q" + i, "r" + i));
        }
        return examples;
    }

    @Test
    void promptsOfStepAreDistinctAndRepeatable() {
        List<TaskExample> pool = pool(10);

        List<TaskExample> first = WorkerSupport.promptsOfStep(pool, 4, 7, 3);
        List<TaskExample> again = WorkerSupport.promptsOfStep(pool, 4, 7, 3);

        assertThat(first).hasSize(4);
        assertThat(first).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void promptsDifferBetweenSteps() {
        List<TaskExample> pool = pool(50);

        List<TaskExample> step1 = WorkerSupport.promptsOfStep(pool, 4, 7, 1);
        List<TaskExample> step2 = WorkerSupport.promptsOfStep(pool, 4, 7, 2);
        List<TaskExample> otherSeed = WorkerSupport.promptsOfStep(pool, 4, 8, 1);

        assertThat(step2).isNotEqualTo(step1);
        assertThat(otherSeed).isNotEqualTo(step1);
    }

    @Test
    void promptsRepeatOnlyInNextEpoch() {
        List<TaskExample> pool = pool(30);
        java.util.Set<TaskExample> seen = new java.util.HashSet<>();

        // 30 prompts in steps of 4: seven whole steps per epoch, the last two positions skipped.
        for (long step = 1; step <= 7; step++) {
            List<TaskExample> chosen = WorkerSupport.promptsOfStep(pool, 4, 7, step);
            assertThat(chosen).doesNotHaveDuplicates();
            assertThat(seen).doesNotContainAnyElementsOf(chosen);
            seen.addAll(chosen);
        }
        assertThat(seen).hasSize(28);

        List<TaskExample> secondEpoch = WorkerSupport.promptsOfStep(pool, 4, 7, 8);
        assertThat(secondEpoch).doesNotHaveDuplicates();
        assertThat(secondEpoch).isNotEqualTo(WorkerSupport.promptsOfStep(pool, 4, 7, 1));
    }

    @Test
    void tooSmallPoolIsRejected() {
        assertThatThrownBy(() -> WorkerSupport.promptsOfStep(pool(3), 4, 7, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("promptsPerStep 4");
    }

    @Test
    void mixSpreadsCounters() {
        assertThat(WorkerSupport.mix(1, 1)).isNotEqualTo(WorkerSupport.mix(1, 2));
        assertThat(WorkerSupport.mix(1, 1)).isNotEqualTo(WorkerSupport.mix(2, 1));
        assertThat(WorkerSupport.mix(5, 9)).isEqualTo(WorkerSupport.mix(5, 9));
    }
}
