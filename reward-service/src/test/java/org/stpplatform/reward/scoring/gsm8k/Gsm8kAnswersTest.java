package org.stpplatform.reward.scoring.gsm8k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

class Gsm8kAnswersTest {

    private static Rational last(String text) {
        return Gsm8kAnswers.lastNumber(text, Deadline.none());
    }

    @Test
    void lastNumberNormalisesFormatting() {
        assertEquals(Rational.of(1250), last("$1,250.00"));
        assertEquals(Rational.of(42), last("**42**."));
        assertEquals(Rational.of(-7), last("\u22127"));
        assertEquals(Rational.of(-7), last("x = -$7"));
        assertEquals(Rational.of(3, 4), last("3/4"));
        assertEquals(Rational.of(1, 2), last(".5"));
        assertEquals(Rational.of(1_000_000), last("1,000,000"));
    }

    @Test
    void lastNumberKeepsSeparateNumbers() {
        assertEquals(Rational.of(34), last("12,34"));
        assertEquals(Rational.of(4), last("5 - 4"));
        assertEquals(Rational.of(7), last("6 then 7"));
        assertNull(last("none"));
    }

    @Test
    void finalAnswerIsTheLastMarker() {
        assertEquals(" 42", Gsm8kAnswers.finalAnswerText("#### 6\n... #### 42"));
        assertEquals("7", Gsm8kAnswers.finalAnswerText("#### 6\n<answer>7</answer>"));
        assertEquals(" 8", Gsm8kAnswers.finalAnswerText("<answer>7</answer>\n#### 8\nmore"));
        assertEquals(" 9", Gsm8kAnswers.finalAnswerText("<answer>#### 9</answer>"));
        assertEquals("10 and more", Gsm8kAnswers.finalAnswerText("<answer>10 and more"));
        assertNull(Gsm8kAnswers.finalAnswerText("no markers"));
    }

    @Test
    void goldTextFollowsLastMarker() {
        assertEquals(" 18", Gsm8kAnswers.goldText("9 * 2 = 18\n#### 18"));
        assertEquals("18", Gsm8kAnswers.goldText("18"));
    }
}
