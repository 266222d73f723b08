package org.stpplatform.trainer.dataset.countdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CountdownGeneratorTest {

    private final CountdownGenerator real = new CountdownGenerator(CountdownDistribution.REAL, HeldOutSplit.DEFAULT);

    @Test
    void sameSeedSameInstances() {
        assertThat(real.training(50, 7)).isEqualTo(real.training(50, 7));
        assertThat(real.training(50, 7)).isNotEqualTo(real.training(50, 8));
    }

    @Test
    void instancesInRangeAndSolved() {
        for (SolvedInstance solved : real.training(300, 1)) {
            CountdownInstance instance = solved.instance();
            assertThat(instance.numbers()).hasSize(3).allMatch(n -> n >= 1 && n <= 99);
            assertThat(instance.target()).isBetween(10, 100);
            String expression = solved.solution().expression();
            assertThat(ExpressionEvaluator.evaluate(expression)).as(expression).isEqualTo(Rational.of(instance.target()));
            assertThat(ExpressionEvaluator.numbersIn(expression)).containsExactlyInAnyOrderElementsOf(instance.numbers());
            assertThat(solved.solution().trace()).startsWith("<reasoning>").endsWith("</answer>");
        }
    }

    @Test
    void heldOutDisjointFromTraining() {
        Set<String> trainingKeys = new HashSet<>();
        for (SolvedInstance solved : real.training(2000, 3)) {
            trainingKeys.add(solved.instance().canonicalKey());
        }
        List<SolvedInstance> heldOut = real.heldOut(200, 3);

        assertThat(heldOut).hasSize(200);
        assertThat(heldOut).noneMatch(s -> trainingKeys.contains(s.instance().canonicalKey()));
        assertThat(heldOut).allMatch(s -> HeldOutSplit.DEFAULT.isHeldOut(s.instance()));
        assertThat(heldOut.stream().map(s -> s.instance().canonicalKey()).distinct()).hasSize(200);
    }

    @Test
    void smallVariantStaysInItsRanges() {
        CountdownGenerator small = new CountdownGenerator(CountdownDistribution.SMALL, HeldOutSplit.DEFAULT);
        for (SolvedInstance solved : small.training(200, 5)) {
            assertThat(solved.instance().numbers()).allMatch(n -> n >= 1 && n <= 20);
            assertThat(solved.instance().target()).isBetween(10, 50);
        }
    }

    @Test
    void impossibleRangeFailsWithMessage() {
        CountdownDistribution impossible = CountdownDistribution.parse("3:1..1:50..60");
        CountdownGenerator generator = new CountdownGenerator(impossible, HeldOutSplit.DEFAULT);

        assertThatThrownBy(() -> generator.training(1, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("widen its ranges");
    }

    @Test
    void splitIgnoresNumberOrder() {
        CountdownInstance a = new CountdownInstance(List.of(44, 19, 3), 75);
        CountdownInstance b = new CountdownInstance(List.of(3, 44, 19), 75);

        assertThat(a.canonicalKey()).isEqualTo(b.canonicalKey());
        assertThat(HeldOutSplit.DEFAULT.isHeldOut(a)).isEqualTo(HeldOutSplit.DEFAULT.isHeldOut(b));
    }

    @Test
    void distributionParsesPresetsAndCustom() {
        assertThat(CountdownDistribution.parse("real")).isEqualTo(CountdownDistribution.REAL);
        CountdownDistribution custom = CountdownDistribution.parse("3:1..30:10..60");
        assertThat(custom.numbers()).isEqualTo(new NumberRange(1, 30));
        assertThat(custom.targets()).isEqualTo(new NumberRange(10, 60));
        assertThatThrownBy(() -> CountdownDistribution.parse("huge"))
                .hasMessageContaining("expected 'real', 'small'");
    }
}
