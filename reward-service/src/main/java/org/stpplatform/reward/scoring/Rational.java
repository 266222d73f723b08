package org.stpplatform.reward.scoring;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact rational number {@code numerator / denominator} over {@link BigInteger}, always in lowest
 * terms with a positive denominator, so that {@link #equals} is value equality.
 */
public final class Rational implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    /**
     * Largest bit length of a numerator or denominator that {@link #pow} produces. Larger powers
     * throw {@link ArithmeticException}, so that a power tower costs microseconds, not minutes.
     */
    public static final int MAX_POWER_BITS = 1 << 16;

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Rational(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** Returns the integer {@code value}. */
    public static Rational of(long value) {
        return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
    }

    /** Returns the integer {@code value}. */
    public static Rational of(BigInteger value) {
        return new Rational(value, BigInteger.ONE);
    }

    /**
     * Returns {@code numerator / denominator} in lowest terms.
     *
     * @throws ArithmeticException when the denominator is zero
     */
    public static Rational of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
        if (numerator.signum() == 0) {
            denominator = BigInteger.ONE;
        }
        return new Rational(numerator, denominator);
    }

    /** Returns {@code numerator / denominator} in lowest terms. */
    public static Rational of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /**
     * Parses an unsigned decimal literal: digits with an optional fraction ({@code 12}, {@code 12.50},
     * {@code .5}, {@code 5.}) and an optional exponent ({@code 3.1e-4}). Returns null when the text
     * is not such a literal or its exponent is above 10,000 in magnitude.
     */
    public static Rational parseDecimal(CharSequence text) {
        int length = text.length();
        int i = 0;
        StringBuilder digits = new StringBuilder(length);
        int fractionDigits = 0;
        boolean sawDigit = false;
        while (i < length && isAsciiDigit(text.charAt(i))) {
            digits.append(text.charAt(i++));
            sawDigit = true;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && isAsciiDigit(text.charAt(i))) {
                digits.append(text.charAt(i++));
                fractionDigits++;
                sawDigit = true;
            }
        }
        if (!sawDigit) {
            return null;
        }
        int exponent = 0;
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean negative = false;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                negative = text.charAt(i) == '-';
                i++;
            }
            int start = i;
            while (i < length && isAsciiDigit(text.charAt(i))) {
                if (i - start > 5) {
                    return null;
                }
                exponent = exponent * 10 + (text.charAt(i++) - '0');
            }
            if (i == start || exponent > 10_000) {
                return null;
            }
            exponent = negative ? -exponent : exponent;
        }
        if (i != length) {
            return null;
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        int scale = fractionDigits - exponent;
        return scale >= 0
                ? of(unscaled, BigInteger.TEN.pow(scale))
                : of(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public BigInteger numerator() {
        return numerator;
    }

    public BigInteger denominator() {
        return denominator;
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    public int signum() {
        return numerator.signum();
    }

    public Rational add(Rational other) {
        if (denominator.equals(other.denominator)) {
            return of(numerator.add(other.numerator), denominator);
        }
        return of(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Rational subtract(Rational other) {
        return add(other.negate());
    }

    public Rational multiply(Rational other) {
        return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    /**
     * Returns {@code this / other}.
     *
     * @throws ArithmeticException when {@code other} is zero
     */
    public Rational divide(Rational other) {
        if (other.numerator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return of(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
    }

    public Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    /**
     * Returns {@code this^exponent} for an integer exponent.
     *
     * @throws ArithmeticException when the result would need more than {@link #MAX_POWER_BITS} bits
     *     or the base is zero and the exponent negative
     */
    public Rational pow(BigInteger exponent) {
        if (exponent.signum() == 0) {
            return ONE;
        }
        if (numerator.signum() == 0) {
            if (exponent.signum() < 0) {
                throw new ArithmeticException("zero to a negative power");
            }
            return ZERO;
        }
        boolean unit = numerator.abs().equals(BigInteger.ONE) && denominator.equals(BigInteger.ONE);
        if (unit) {
            return numerator.signum() > 0 || !exponent.testBit(0) ? ONE : of(-1);
        }
        long bitsPerFactor = Math.max(numerator.bitLength(), denominator.bitLength());
        if (exponent.abs().bitLength() > 31 || bitsPerFactor * exponent.abs().longValue() > MAX_POWER_BITS) {
            throw new ArithmeticException("power too large to evaluate exactly");
        }
        int n = exponent.abs().intValue();
        Rational result = new Rational(numerator.pow(n), denominator.pow(n));
        return exponent.signum() > 0 ? result : ONE.divide(result);
    }

    /** Returns the nearest double, or an infinity when the magnitude is beyond the double range. */
    public double doubleValue() {
        if (isInteger()) {
            return numerator.doubleValue();
        }
        if (numerator.bitLength() < 53 && denominator.bitLength() < 53) {
            return numerator.doubleValue() / denominator.doubleValue();
        }
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128).doubleValue();
    }

    /** Returns this value as a decimal with {@code context} precision. */
    public BigDecimal toBigDecimal(MathContext context) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), context);
    }

    @Override
    public int compareTo(Rational other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rational rational
                && numerator.equals(rational.numerator)
                && denominator.equals(rational.denominator);
    }

    @Override
    public int hashCode() {
        return 31 * numerator.hashCode() + denominator.hashCode();
    }

    /** Returns {@code n} for integers and {@code n/d} otherwise. */
    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
