package org.stpplatform.trainer.dataset.countdown;

/**
 * An exact fraction in lowest terms with a positive denominator. Arithmetic throws
 * {@link ArithmeticException} on overflow or division by zero; the solver skips such branches.
 */
record Rational(long numerator, long denominator) {

    Rational {
        if (denominator == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator < 0) {
            numerator = Math.negateExact(numerator);
            denominator = Math.negateExact(denominator);
        }
        long divisor = gcd(Math.abs(numerator), denominator);
        if (divisor > 1) {
            numerator /= divisor;
            denominator /= divisor;
        }
    }

    static Rational of(long value) {
        return new Rational(value, 1);
    }

    boolean isInteger() {
        return denominator == 1;
    }

    boolean isNegative() {
        return numerator < 0;
    }

    Rational plus(Rational other) {
        return new Rational(
                Math.addExact(Math.multiplyExact(numerator, other.denominator),
                        Math.multiplyExact(other.numerator, denominator)),
                Math.multiplyExact(denominator, other.denominator));
    }

    Rational minus(Rational other) {
        return plus(new Rational(Math.negateExact(other.numerator), other.denominator));
    }

    Rational times(Rational other) {
        return new Rational(Math.multiplyExact(numerator, other.numerator),
                Math.multiplyExact(denominator, other.denominator));
    }

    Rational dividedBy(Rational other) {
        return new Rational(Math.multiplyExact(numerator, other.denominator),
                Math.multiplyExact(denominator, other.numerator));
    }

    @Override
    public String toString() {
        return isInteger() ? Long.toString(numerator) : numerator + "/" + denominator;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }
}
