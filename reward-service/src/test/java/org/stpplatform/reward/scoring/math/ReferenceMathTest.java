package org.stpplatform.reward.scoring.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Expected values are what d1's {@code math500_utils.py} returns under CPython 3. */
class ReferenceMathTest {

    @Test
    void lastBoxedOnlyStringCountsBraces() {
        assertEquals("\\boxed{\\frac{1}{2}}", ReferenceMath.lastBoxedOnlyString("a \\boxed{1} b \\boxed{\\frac{1}{2}} c"));
        assertEquals("\\fbox{9}", ReferenceMath.lastBoxedOnlyString("\\fbox{9}"));
        assertEquals("\\boxed 5", ReferenceMath.lastBoxedOnlyString("so \\boxed 5$ and \\boxed{6}"));
        assertEquals("no box", ReferenceMath.lastBoxedOnlyString("no box"));
        assertNull(ReferenceMath.lastBoxedOnlyString("\\boxed{5"));
    }

    @Test
    void removeBoxedKeepsOtherText() throws Exception {
        assertEquals("5", ReferenceMath.removeBoxed("\\boxed{5}"));
        assertEquals("\\fbox{9}", ReferenceMath.removeBoxed("\\fbox{9}"));
        assertEquals("5", ReferenceMath.removeBoxed("\\boxed 5"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.removeBoxed(null));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.removeBoxed("x \\boxed 5"));
    }

    @Test
    void stripStringNormalises() throws Exception {
        assertEquals("\\frac{1}{2}", ReferenceMath.stripString("\\dfrac12"));
        assertEquals("\\frac{1}{2}", ReferenceMath.stripString("0.5"));
        assertEquals("\\frac{1}{2}", ReferenceMath.stripString("1/2"));
        assertEquals("5", ReferenceMath.stripString("k = 5"));
        assertEquals("90", ReferenceMath.stripString("90^\\circ"));
        assertEquals("\\sqrt{2}", ReferenceMath.stripString("\\sqrt2"));
        assertEquals("0.75", ReferenceMath.stripString(".75"));
        assertEquals("5", ReferenceMath.stripString("5\\text{ cm}"));
        assertEquals("(1,2)", ReferenceMath.stripString("\\left( 1,2 \\right)"));
    }

    @Test
    void stripStringRaisesWherePythonRaises() {
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.stripString("x/2"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.stripString("\\sqrt"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.stripString("\\frac"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.stripString("5\\text{ m}\\text{ s}"));
    }

    @Test
    void isEquivFallsBackToRawComparison() {
        assertTrue(ReferenceMath.isEquiv("\\frac12", "\\frac{1}{2}"));
        assertFalse(ReferenceMath.isEquiv("x/2", "\\frac{x}{2}"));
        assertTrue(ReferenceMath.isEquiv("x/2", "x/2"));
        assertFalse(ReferenceMath.isEquiv("0.75", "\\frac{3}{4}"));
    }

    @Test
    void boxedInAnswerNeverFindsTheBox() {
        assertEquals(1.5, ReferenceMath.boxedInAnswer("<answer>\\boxed{5}</answer>"));
        assertEquals(0.5, ReferenceMath.boxedInAnswer("\\boxed{5}"));
        assertEquals(2.0, ReferenceMath.boxedInAnswer("<answer>\boxed{5}</answer>"));
    }

    @Test
    void pythonIntAcceptsPythonForms() throws Exception {
        assertEquals(BigInteger.valueOf(1000), ReferenceMath.pythonInt("1_000"));
        assertEquals(BigInteger.valueOf(-5), ReferenceMath.pythonInt(" -5 "));
        assertEquals(BigInteger.valueOf(12), ReferenceMath.pythonInt("\u0661\u0662"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.pythonInt("1__0"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.pythonInt("_1"));
        assertThrows(ReferenceMath.PythonException.class, () -> ReferenceMath.pythonInt("1.0"));
    }
}
