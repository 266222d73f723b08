package org.stpplatform.reward.scoring.countdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

class CountdownExpressionTest {

    private static CountdownExpression.Parsed parse(String text) throws Exception {
        return CountdownExpression.parse(text, Deadline.none());
    }

    private static String syntaxError(String text) {
        return assertThrows(CountdownExpression.SyntaxException.class, () -> parse(text)).getMessage();
    }

    @Test
    void evaluatesWithPrecedenceAndExactDivision() throws Exception {
        CountdownExpression.Parsed parsed = parse("60 - (88 + 32) / 4");
        assertEquals(Rational.of(30), parsed.value());
        assertEquals(List.of(60, 88, 32, 4).stream().map(BigInteger::valueOf).toList(), parsed.literals());
        assertNull(parsed.claimedResult());
        assertEquals(Rational.of(7, 2), parse("7 / 2").value());
        assertEquals(Rational.of(-2), parse("2 - 2 * 2").value());
    }

    @Test
    void acceptsTypesetOperatorsAndTrailingResult() throws Exception {
        assertEquals(Rational.of(53), parse("12 \u00D7 5 \u2212 7").value());
        assertEquals(Rational.of(21), parse("14 \\times (27 \\div 18)").value());
        assertEquals(Rational.of(6), parse("$2 \\cdot 3$").value());
        assertEquals(BigInteger.valueOf(53), parse("12 * 5 - 7 = 53").claimedResult());
        assertEquals(Rational.of(3), parse("-(1 - 4)").value());
    }

    @Test
    void rejectsPythonOnlyOperators() {
        assertTrue(syntaxError("2 ** 3").contains("'**'"));
        assertTrue(syntaxError("7 // 2").contains("'//'"));
    }

    @Test
    void rejectsNonIntegerLiterals() {
        assertTrue(syntaxError("2.5 * 4").contains("decimal point"));
        assertTrue(syntaxError("1e3 + 1").contains("exponent"));
        assertTrue(syntaxError("07 + 3").contains("leading zero"));
    }

    @Test
    void rejectsUnknownCharactersAndBadStructure() {
        assertTrue(syntaxError("2 x 3").contains("'x'"));
        assertTrue(syntaxError("2 (3)").contains("'('"));
        assertTrue(syntaxError("(2 + 3").contains("missing ')'"));
        assertTrue(syntaxError("2 +").contains("ends early"));
        assertTrue(syntaxError("1 = x").contains("after '='"));
        assertTrue(syntaxError("(".repeat(100) + "1" + ")".repeat(100)).contains("nesting"));
        assertTrue(syntaxError("1".repeat(40)).contains("longer than 18 digits"));
    }

    @Test
    void divisionByZeroIsReported() {
        assertThrows(CountdownExpression.DivisionByZeroException.class, () -> parse("5 / (1 - 1)"));
    }
}
