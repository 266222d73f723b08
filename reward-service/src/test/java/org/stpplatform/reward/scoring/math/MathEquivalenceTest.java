package org.stpplatform.reward.scoring.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

class MathEquivalenceTest {

    private static boolean equivalent(String answer, String gold) {
        return MathEquivalence.equivalent(answer, gold, Deadline.none());
    }

    private static Rational value(String expression) throws Exception {
        return MathExpressionParser.parse(expression, Deadline.none()).exact(java.util.Map.of(), Deadline.none());
    }

    @Test
    void parserFollowsLatexArguments() throws Exception {
        assertEquals(Rational.of(1, 2), value("\\frac12"));
        assertEquals(Rational.of(270, 7), value("\\frac{270}7"));
        assertEquals(Rational.of(12), value("2^23"));
        assertEquals(Rational.of(1, 10_000), value("10^-4"));
        assertEquals(Rational.of(3), value("\\sqrt[3]{27}"));
        assertEquals(Rational.of(-2), value("\\lfloor -1.5 \\rfloor"));
        assertEquals(Rational.of(12), value("2(3+3)"));
    }

    @Test
    void parserRejectsUnsupportedInput() {
        assertThrows(MathExpressionParser.ParseException.class,
                () -> MathExpressionParser.parse("__import__('os')", Deadline.none()));
        assertThrows(MathExpressionParser.ParseException.class,
                () -> MathExpressionParser.parse("\\unknown{2}", Deadline.none()));
        assertThrows(MathExpressionParser.ParseException.class,
                () -> MathExpressionParser.parse("(".repeat(200) + "1" + ")".repeat(200), Deadline.none()));
        assertThrows(MathExpressionParser.ParseException.class,
                () -> MathExpressionParser.parse("1".repeat(MathExpressionParser.MAX_LENGTH + 1), Deadline.none()));
    }

    @Test
    void exactRationalsDecideNumbers() {
        assertTrue(equivalent("0.75", "\\frac{3}{4}"));
        assertTrue(equivalent("3.1\\times10^{-4}", ".00031"));
        assertTrue(equivalent("\\frac{-3}{8}", "-\\frac38"));
        assertFalse(equivalent("0.3333333333", "\\frac{1}{3}"));
        assertFalse(equivalent("\\frac{1}{5}", "\\frac{1}{2}"));
    }

    @Test
    void irrationalValuesUseTolerance() {
        assertTrue(equivalent("\\sqrt{8}", "2\\sqrt2"));
        assertTrue(equivalent("\\frac{\\pi}{2}", "\\pi/2"));
        assertTrue(equivalent("\\sqrt[3]{-8}", "-2"));
        assertFalse(equivalent("1.41421", "\\sqrt{2}"));
        assertFalse(equivalent("3.14159", "\\pi"));
    }

    @Test
    void symbolicExpressionsAgreeAtPoints() {
        assertTrue(equivalent("(a+5)(b+2)", "ab+2a+5b+10"));
        assertTrue(equivalent("\\frac{x^2-1}{x-1}", "x+1"));
        assertFalse(equivalent("x^2", "2x"));
        assertFalse(equivalent("x", "y"));
    }

    @Test
    void structureIsCompared() {
        assertTrue(equivalent("(1, 2)", "(1,2)"));
        assertFalse(equivalent("(1, 2)", "[1,2]"));
        assertFalse(equivalent("(2,5)", "(2,5]"));
        assertTrue(equivalent("\\{2, 1\\}", "1, 2"));
        assertTrue(equivalent("2, 1", "1, 2"));
        assertFalse(equivalent("1, 2", "1, 2, 3"));
        assertTrue(equivalent("x=2", "2"));
        assertFalse(equivalent("x+y=2", "2"));
    }

    @Test
    void answerStructureTypes() {
        assertInstanceOf(MathAnswer.Choice.class, parse("\\text{(C)}"));
        assertInstanceOf(MathAnswer.Text.class, parse("\\text{Monday}"));
        assertInstanceOf(MathAnswer.Bracketed.class, parse("[1,2)"));
        assertInstanceOf(MathAnswer.UnorderedList.class, parse("1,2"));
        assertInstanceOf(MathAnswer.Union.class, parse("(1,2)\\cup(3,4)"));
        assertInstanceOf(MathAnswer.Matrix.class, parse("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}"));
        assertInstanceOf(MathAnswer.Equation.class, parse("y=2x+3"));
        assertInstanceOf(MathAnswer.Expression.class, parse("(12500)"));
    }

    private static MathAnswer parse(String raw) {
        return MathAnswer.parse(MathNormalizer.normalize(raw, Deadline.none()), Deadline.none());
    }
}
