package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void stepTicksAreWholeSteps() {
        assertThat(SvgChart.stepTicks(0, 30)).containsExactly(0L, 8L, 15L, 23L, 30L);
        assertThat(SvgChart.stepTicks(1, 3)).containsExactly(1L, 2L, 3L);
        assertThat(SvgChart.stepTicks(0.5, 2.5)).containsExactly(1L, 2L);
    }

    @Test
    void chartLabelsStepsWithoutFractions() {
        String svg = SvgChart.lines("Reward", "step", "reward", List.of(
                new SvgChart.Series("stp", List.of(new double[] {1, 0.2}, new double[] {2, 0.3}, new double[] {3, 0.4}))));

        assertThat(svg).contains(">2</text>");
        assertThat(svg).doesNotContain(">1.50</text>").doesNotContain(">2.50</text>");
    }

    @Test
    void narrowRangeTicksStayDistinct() {
        double step = (22.9375 - 22.875) / 4;
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int tick = 0; tick <= 4; tick++) {
            labels.add(SvgChart.Axes.tickLabel(22.875 + step * tick, step));
        }

        assertThat(labels).hasSize(5);
        assertThat(SvgChart.Axes.tickLabel(0.25, 0.05)).isEqualTo("0.250");
    }
}
