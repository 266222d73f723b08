package org.stpplatform.reward.scoring.math;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

/**
 * Small expression tree for symbolic comparison of MATH answers. A tree is evaluated either exactly
 * in rationals ({@link #exact}) or, where an irrational step makes that impossible, in doubles
 * ({@link #approximate}). Variables get values from the caller; {@code \pi} is the constant only in
 * the double evaluation.
 */
sealed interface MathExpression {

    /** Largest n for which {@code n!} and {@code binom(n, k)} are computed exactly. */
    int MAX_EXACT_FACTORIAL = 1000;

    /** Largest root index tried exactly, e.g. 3 for a cube root. */
    int MAX_EXACT_ROOT = 12;

    String PI = "\\pi";

    /** Adds the names of all variables except {@code \pi} to {@code names}. */
    void collectVariables(Set<String> names);

    /**
     * Evaluates in exact rationals.
     *
     * @throws NotRationalException for an irrational result, {@code \pi}, a transcendental function,
     *     or a power too large to compute
     * @throws ArithmeticException for a division by zero
     */
    Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException;

    /** Evaluates in doubles; returns NaN or an infinity where the value is undefined or out of range. */
    double approximate(Map<String, Rational> point, Deadline deadline);

    /** Thrown when an exact evaluation meets an irrational or unbounded step. */
    final class NotRationalException extends Exception {
        private static final long serialVersionUID = 1L;

        NotRationalException() {
            super(null, null, false, false);
        }
    }

    record Number(Rational value) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) {
            return value;
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            return value.doubleValue();
        }
    }

    record Variable(String name) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            if (!name.equals(PI)) {
                names.add(name);
            }
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            Rational value = point.get(name);
            if (value == null) {
                throw new NotRationalException();
            }
            return value;
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            if (name.equals(PI)) {
                return Math.PI;
            }
            Rational value = point.get(name);
            return value == null ? Double.NaN : value.doubleValue();
        }
    }

    record Negate(MathExpression operand) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            operand.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            return operand.exact(point, deadline).negate();
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            return -operand.approximate(point, deadline);
        }
    }

    /** {@code left operator right} with operator one of {@code + - * / ^}. */
    record Binary(char operator, MathExpression left, MathExpression right) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            left.collectVariables(names);
            right.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            deadline.check();
            Rational a = left.exact(point, deadline);
            Rational b = right.exact(point, deadline);
            return switch (operator) {
                case '+' -> a.add(b);
                case '-' -> a.subtract(b);
                case '*' -> a.multiply(b);
                case '/' -> a.divide(b);
                case '^' -> Exact.power(a, b, deadline);
                default -> throw new IllegalStateException("unknown operator " + operator);
            };
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            deadline.check();
            double a = left.approximate(point, deadline);
            double b = right.approximate(point, deadline);
            return switch (operator) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                case '/' -> b == 0.0 ? Double.NaN : a / b;
                case '^' -> Approximate.power(a, b);
                default -> Double.NaN;
            };
        }
    }

    /** Root of {@code radicand} with the given index ({@code \sqrt} has index 2). */
    record Root(MathExpression radicand, MathExpression index) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            radicand.collectVariables(names);
            index.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            Rational n = index.exact(point, deadline);
            Rational value = radicand.exact(point, deadline);
            if (!n.isInteger() || n.signum() <= 0) {
                throw new NotRationalException();
            }
            return Exact.root(value, n.numerator(), deadline);
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            double n = index.approximate(point, deadline);
            double value = radicand.approximate(point, deadline);
            if (n == 2.0) {
                return Math.sqrt(value);
            }
            if (n == 3.0) {
                return Math.cbrt(value);
            }
            return Approximate.power(value, 1.0 / n);
        }
    }

    /** Named function of one argument: sin, cos, tan, cot, sec, csc, arcsin, ..., ln, log, exp, abs, floor, ceil. */
    record Function(String name, MathExpression argument) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            argument.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            Rational x = argument.exact(point, deadline);
            return switch (name) {
                case "abs" -> x.signum() < 0 ? x.negate() : x;
                case "floor" -> Rational.of(Exact.floor(x));
                case "ceil" -> Rational.of(Exact.floor(x.negate()).negate());
                default -> throw new NotRationalException();
            };
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            return Approximate.function(name, argument.approximate(point, deadline));
        }
    }

    record Factorial(MathExpression operand) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            operand.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            int n = Exact.smallNaturalNumber(operand.exact(point, deadline));
            BigInteger result = BigInteger.ONE;
            for (int i = 2; i <= n; i++) {
                result = result.multiply(BigInteger.valueOf(i));
            }
            return Rational.of(result);
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            double n = operand.approximate(point, deadline);
            if (n != Math.floor(n) || n < 0 || n > 170) {
                return Double.NaN;
            }
            double result = 1.0;
            for (int i = 2; i <= (int) n; i++) {
                result *= i;
            }
            return result;
        }
    }

    record Binomial(MathExpression n, MathExpression k) implements MathExpression {
        @Override
        public void collectVariables(Set<String> names) {
            n.collectVariables(names);
            k.collectVariables(names);
        }

        @Override
        public Rational exact(Map<String, Rational> point, Deadline deadline) throws NotRationalException {
            int top = Exact.smallNaturalNumber(n.exact(point, deadline));
            Rational bottom = k.exact(point, deadline);
            if (!bottom.isInteger()) {
                throw new NotRationalException();
            }
            if (bottom.signum() < 0 || bottom.numerator().compareTo(BigInteger.valueOf(top)) > 0) {
                return Rational.ZERO;
            }
            int kk = bottom.numerator().intValue();
            BigInteger result = BigInteger.ONE;
            for (int i = 0; i < kk; i++) {
                result = result.multiply(BigInteger.valueOf(top - i)).divide(BigInteger.valueOf(i + 1L));
            }
            return Rational.of(result);
        }

        @Override
        public double approximate(Map<String, Rational> point, Deadline deadline) {
            double top = n.approximate(point, deadline);
            double bottom = k.approximate(point, deadline);
            if (top != Math.floor(top) || bottom != Math.floor(bottom) || top < 0 || top > 10_000) {
                return Double.NaN;
            }
            if (bottom < 0 || bottom > top) {
                return 0.0;
            }
            double result = 1.0;
            for (int i = 0; i < (int) bottom; i++) {
                result = result * (top - i) / (i + 1);
            }
            return result;
        }
    }

    /** Exact helpers with bounded cost. */
    final class Exact {
        private Exact() {
        }

        static int smallNaturalNumber(Rational value) throws NotRationalException {
            if (!value.isInteger() || value.signum() < 0
                    || value.numerator().compareTo(BigInteger.valueOf(MAX_EXACT_FACTORIAL)) > 0) {
                throw new NotRationalException();
            }
            return value.numerator().intValue();
        }

        static BigInteger floor(Rational value) {
            BigInteger[] qr = value.numerator().divideAndRemainder(value.denominator());
            return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }

        /** Returns {@code base^exponent} when it is rational and within {@link Rational#MAX_POWER_BITS}. */
        static Rational power(Rational base, Rational exponent, Deadline deadline) throws NotRationalException {
            deadline.checkNow();
            if (base.signum() == 0 && exponent.signum() < 0) {
                throw new ArithmeticException("zero to a negative power");
            }
            try {
                if (exponent.isInteger()) {
                    return base.pow(exponent.numerator());
                }
                return root(base, exponent.denominator(), deadline).pow(exponent.numerator());
            } catch (ArithmeticException e) {
                throw new NotRationalException();
            }
        }

        /** Returns the exact {@code index}-th root, or throws when it is not rational. */
        static Rational root(Rational radicand, BigInteger index, Deadline deadline) throws NotRationalException {
            if (index.compareTo(BigInteger.valueOf(MAX_EXACT_ROOT)) > 0) {
                throw new NotRationalException();
            }
            int n = index.intValue();
            if (n == 1) {
                return radicand;
            }
            boolean negative = radicand.signum() < 0;
            if (negative && n % 2 == 0) {
                throw new NotRationalException();
            }
            Rational root = Rational.of(integerRoot(radicand.numerator().abs(), n, deadline),
                    integerRoot(radicand.denominator(), n, deadline));
            return negative ? root.negate() : root;
        }

        private static BigInteger integerRoot(BigInteger value, int n, Deadline deadline) throws NotRationalException {
            if (value.signum() == 0 || value.equals(BigInteger.ONE)) {
                return value;
            }
            if (value.bitLength() > 4096) {
                throw new NotRationalException();
            }
            // Newton's iteration from an estimate above the root decreases monotonically to floor(root).
            BigInteger estimate = BigInteger.ONE.shiftLeft(value.bitLength() / n + 1);
            BigInteger nMinusOne = BigInteger.valueOf(n - 1L);
            BigInteger bigN = BigInteger.valueOf(n);
            while (true) {
                deadline.check();
                BigInteger next = nMinusOne.multiply(estimate).add(value.divide(estimate.pow(n - 1))).divide(bigN);
                if (next.compareTo(estimate) >= 0) {
                    break;
                }
                estimate = next;
            }
            if (!estimate.pow(n).equals(value)) {
                throw new NotRationalException();
            }
            return estimate;
        }
    }

    /** Double helpers. */
    final class Approximate {
        private Approximate() {
        }

        static double power(double base, double exponent) {
            if (base < 0 && exponent != Math.rint(exponent)) {
                // Odd roots of negative numbers stay real, e.g. (-8)^(1/3) = -2.
                double reciprocal = 1.0 / exponent;
                if (Math.abs(reciprocal - Math.rint(reciprocal)) < 1e-9 && ((long) Math.rint(reciprocal) & 1L) == 1L) {
                    return -Math.pow(-base, exponent);
                }
                return Double.NaN;
            }
            return Math.pow(base, exponent);
        }

        static double function(String name, double x) {
            return switch (name) {
                case "sin" -> Math.sin(x);
                case "cos" -> Math.cos(x);
                case "tan" -> Math.tan(x);
                case "cot" -> 1.0 / Math.tan(x);
                case "sec" -> 1.0 / Math.cos(x);
                case "csc" -> 1.0 / Math.sin(x);
                case "arcsin" -> Math.asin(x);
                case "arccos" -> Math.acos(x);
                case "arctan" -> Math.atan(x);
                case "sinh" -> Math.sinh(x);
                case "cosh" -> Math.cosh(x);
                case "tanh" -> Math.tanh(x);
                case "ln" -> x > 0 ? Math.log(x) : Double.NaN;
                case "log", "lg" -> x > 0 ? Math.log10(x) : Double.NaN;
                case "exp" -> Math.exp(x);
                case "abs" -> Math.abs(x);
                case "floor" -> Math.floor(x);
                case "ceil" -> Math.ceil(x);
                default -> Double.NaN;
            };
        }
    }
}
