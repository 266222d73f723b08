package org.stpplatform.reward.scoring.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;

class BoxedAnswersTest {

    private static BoxedAnswers.Extraction last(String text) {
        return BoxedAnswers.lastBox(text, Deadline.none());
    }

    @Test
    void matchesNestedBraces() {
        assertEquals("\\frac{1}{5}", last("so \\boxed{\\frac{1}{5}}.").content());
        assertEquals("\\{1,2\\}", last("\\boxed{\\{1,2\\}}").content());
        assertEquals("a\\}", last("\\boxed{a\\}}").content());
    }

    @Test
    void lastBoxWinsAcrossCommands() {
        assertEquals("2", last("\\fbox{1} then \\boxed{2}").content());
        assertEquals("3", last("\\boxed{2} then \\fbox{3}").content());
        assertEquals("4", last("\\boxed {4}").content());
        assertEquals("5", last("\\boxed 5$").content());
    }

    @Test
    void unclosedLastBoxHasNoFallback() {
        assertEquals(BoxedAnswers.Status.UNCLOSED, last("\\boxed{4} and \\boxed{5").status());
        assertEquals(BoxedAnswers.Status.UNCLOSED, last("\\boxed").status());
        assertEquals(BoxedAnswers.Status.NO_BOX, last("answer 5").status());
        assertEquals(BoxedAnswers.Status.NO_BOX, last("\\boxedx{5}").status());
    }
}
