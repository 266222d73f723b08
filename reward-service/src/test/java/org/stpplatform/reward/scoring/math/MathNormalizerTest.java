package org.stpplatform.reward.scoring.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;

class MathNormalizerTest {

    private static String compact(String raw) {
        return MathNormalizer.normalize(raw, Deadline.none()).compact();
    }

    @Test
    void removesSpacingSizingAndDelimiters() {
        assertEquals("(1,2)", compact("\\left( 1,\\, 2 \\right)"));
        assertEquals("\\frac{1}{2}", compact("$\\dfrac{1}{2}$"));
        assertEquals("\\frac{1}{2}", compact("\\tfrac{1}{2}"));
        assertEquals("90", compact("90^{\\circ}"));
        assertEquals("90", compact("90\u00B0"));
        assertEquals("50", compact("50\\%"));
        assertEquals("18.90", compact("\\$18.90"));
    }

    @Test
    void dropsUnitsAfterValues() {
        assertEquals("8", compact("8\\text{cm}"));
        assertEquals("\\frac{150}{7}", compact("\\frac{150}{7}\\text{ degrees}"));
        assertEquals("5", compact("5 square units"));
        assertEquals("15", compact("15\\mbox{ cm}^2"));
        assertEquals("x", compact("x"));
        assertEquals("\\pi", compact("\\pi"));
        assertEquals("cm", compact("cm"));
    }

    @Test
    void joinsOnlyTrueThousandsGroups() {
        assertEquals("12500", compact("12,500"));
        assertEquals("1000000", compact("1,000,000"));
        assertEquals("12500", compact("12{,}500"));
        assertEquals("0,3", compact("0,3"));
        assertEquals("1,23", compact("1,23"));
        assertEquals("1,2345", compact("1,2345"));
        assertEquals("0.5,300", compact("0.5,300"));
    }

    @Test
    void recognisesWholeTextAnswers() {
        assertTrue(MathNormalizer.normalize("\\text{(B)}", Deadline.none()).wholeText());
        assertFalse(MathNormalizer.normalize("5\\text{ cm}", Deadline.none()).wholeText());
        assertEquals("(B)", compact("\\text{(B)}"));
        assertEquals("3,5", compact("3 \\text{ and } 5"));
    }
}
