package org.stpplatform.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RationalTest {

    @Test
    void valuesAreInLowestTerms() {
        Rational half = Rational.of(-6, -12);
        assertEquals(BigInteger.ONE, half.numerator());
        assertEquals(BigInteger.TWO, half.denominator());
        assertEquals(Rational.of(1, 2), half);
        assertEquals(Rational.of(1, 2).hashCode(), half.hashCode());
        assertEquals(Rational.of(-1, 3), Rational.of(1, -3));
        assertEquals(Rational.ZERO, Rational.of(0, -5));
    }

    @Test
    void parseDecimalForms() {
        assertEquals(Rational.of(3, 4), Rational.parseDecimal("0.75"));
        assertEquals(Rational.of(1, 2), Rational.parseDecimal(".5"));
        assertEquals(Rational.of(5), Rational.parseDecimal("5."));
        assertEquals(Rational.of(18), Rational.parseDecimal("18.00"));
        assertEquals(Rational.of(31, 100_000), Rational.parseDecimal("3.1e-4"));
        assertEquals(Rational.of(2500), Rational.parseDecimal("2.5E3"));
    }

    @Test
    void parseDecimalRejectsOtherText() {
        assertNull(Rational.parseDecimal(""));
        assertNull(Rational.parseDecimal("."));
        assertNull(Rational.parseDecimal("1.2.3"));
        assertNull(Rational.parseDecimal("-1"));
        assertNull(Rational.parseDecimal("1e"));
        assertNull(Rational.parseDecimal("1e99999"));
        assertNull(Rational.parseDecimal("12a"));
    }

    @Test
    void arithmeticIsExact() {
        Rational third = Rational.of(1, 3);
        assertEquals(Rational.ONE, third.add(third).add(third));
        assertEquals(Rational.of(21), Rational.of(14).multiply(Rational.of(27).divide(Rational.of(18))));
        assertEquals(Rational.of(-1, 6), Rational.of(1, 6).subtract(Rational.of(1, 3)));
        assertTrue(Rational.of(2, 3).compareTo(Rational.of(3, 5)) > 0);
    }

    @Test
    void divisionByZeroThrows() {
        assertThrows(ArithmeticException.class, () -> Rational.ONE.divide(Rational.ZERO));
        assertThrows(ArithmeticException.class, () -> Rational.of(BigInteger.ONE, BigInteger.ZERO));
    }

    @Test
    void powerIsBounded() {
        assertEquals(Rational.of(1, 1024), Rational.of(2).pow(BigInteger.valueOf(-10)));
        assertEquals(Rational.ONE, Rational.of(-1).pow(BigInteger.valueOf(1_000_000_000_000L)));
        assertEquals(Rational.of(-1), Rational.of(-1).pow(BigInteger.valueOf(7)));
        assertThrows(ArithmeticException.class, () -> Rational.of(7).pow(BigInteger.valueOf(823_543)));
        assertThrows(ArithmeticException.class, () -> Rational.ZERO.pow(BigInteger.valueOf(-1)));
    }

    @Test
    void doubleValueOfLargeFraction() {
        Rational value = Rational.of(BigInteger.TEN.pow(400).add(BigInteger.ONE), BigInteger.TEN.pow(399));
        assertEquals(10.0, value.doubleValue(), 1e-12);
        assertEquals("7/2", Rational.of(7, 2).toString());
        assertEquals("-3", Rational.of(-3).toString());
    }
}
