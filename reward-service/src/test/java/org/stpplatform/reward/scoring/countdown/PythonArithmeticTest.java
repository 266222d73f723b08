package org.stpplatform.reward.scoring.countdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;

/** Expected values are what CPython 3 prints for the same expressions. */
class PythonArithmeticTest {

    private static PythonArithmetic.PyNumber eval(String text) throws Exception {
        return PythonArithmetic.evaluate(text, Deadline.none());
    }

    private static void assertFloat(double expected, String text) throws Exception {
        PythonArithmetic.PyNumber value = eval(text);
        assertFalse(value.isInt(), text + " should be a float");
        assertEquals(expected, value.real(), 0.0, text);
    }

    private static void assertInt(long expected, String text) throws Exception {
        PythonArithmetic.PyNumber value = eval(text);
        assertTrue(value.isInt(), text + " should be an int");
        assertEquals(BigInteger.valueOf(expected), value.integer(), text);
    }

    @Test
    void trueDivisionGivesFloats() throws Exception {
        assertFloat(0.9999999999999999, "49 * (1 / 49)");
        assertFloat(21.0, "14 * (27 / 18)");
        assertFloat(3.5, "7 / 2");
        assertFloat(33.0, "100 / 3 * 3 - 67");
    }

    @Test
    void floorDivisionFollowsPython() throws Exception {
        assertInt(3, "11 // 4 + 1");
        assertInt(-5, "-9 // 2");
        assertFloat(3.0, "7.5 // 2");
        assertFloat(-4.0, "-7.5 // 2");
    }

    @Test
    void powerFollowsPython() throws Exception {
        assertInt(9, "2 ** 3 + 1");
        assertInt(-4, "-2 ** 2");
        assertInt(512, "2 ** 3 ** 2");
        assertFloat(0.5, "2 ** -1");
        assertThrows(PythonArithmetic.ResultTooLargeException.class, () -> eval("8**8**8"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("10.0 ** 400"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("0 ** -1"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("(-8) ** (1/3)"));
    }

    @Test
    void literalsFollowPythonSyntax() throws Exception {
        assertInt(10, "00 + 10");
        assertFloat(10.0, ".5 * 20");
        assertFloat(10.0, "5. * 2");
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("07 + 3"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("1.2.3"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("1 2"));
    }

    @Test
    void newlinesOnlyInsideParentheses() throws Exception {
        assertInt(9, "((1 + 2)\n* 3)");
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("1 +\n2"));
    }

    @Test
    void callsTuplesAndZeroDivisionFail() {
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("(1)(2)"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("()"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("5 / (1 - 1)"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("1 // 0.0"));
        assertThrows(PythonArithmetic.PythonError.class, () -> eval("\u0661 + 2"));
    }

    @Test
    void toleranceComparison() throws Exception {
        assertTrue(eval("49 * (1 / 49)").isWithinTolerance(1));
        assertFalse(eval("7 / 2").isWithinTolerance(3));
        assertTrue(eval("3 -- 4").isWithinTolerance(7));
    }
}
