package org.stpplatform.reward.scoring.countdown;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.stpplatform.reward.scoring.Deadline;

/**
 * Evaluates text the way Python 3's {@code eval(text, {"__builtins__": None}, {})} evaluates text
 * made only of digits, {@code + - * / ( ) .} and whitespace, without running anything: Python ints
 * become {@link BigInteger}, Python floats become doubles, and {@code /} is true division, so that
 * {@code 49 * (1 / 49)} gives 0.9999999999999999 as it does in Python. {@code //}, {@code **},
 * unary signs and float literals follow Python's rules. Every Python exception (syntax error,
 * zero division, overflow, a call or a tuple) becomes a {@link PythonError}: d1's
 * {@code evaluate_equation} turns all of them into None.
 */
public final class PythonArithmetic {

    /**
     * Largest int, in bits, that is computed. Python would compute bigger ints (slowly); beyond this
     * limit evaluation stops with {@link ResultTooLargeException}.
     */
    public static final int MAX_INT_BITS = 1 << 16;

    private static final BigInteger MAX_EXACT_DOUBLE = BigInteger.ONE.shiftLeft(53);

    /** A Python exception during compilation or evaluation. */
    public static final class PythonError extends Exception {
        private static final long serialVersionUID = 1L;

        PythonError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Thrown when an int result would exceed {@link #MAX_INT_BITS}.
     */
    public static final class ResultTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        ResultTooLargeException() {
            super("integer result above 2^" + MAX_INT_BITS, null, false, false);
        }
    }

    /** A Python int ({@code integer} set) or float ({@code integer} null). */
    public record PyNumber(BigInteger integer, double real) {

        static PyNumber ofInt(BigInteger value) {
            return new PyNumber(value, 0.0);
        }

        static PyNumber ofFloat(double value) {
            return new PyNumber(null, value);
        }

        public boolean isInt() {
            return integer != null;
        }

        /** Returns Python's {@code float(self)}. */
        double toFloat() throws PythonError {
            if (integer == null) {
                return real;
            }
            double value = integer.doubleValue();
            if (Double.isInfinite(value)) {
                throw new PythonError("OverflowError: int too large to convert to float");
            }
            return value;
        }

        /** Returns d1's test {@code abs(result - target) < 1e-5}. */
        public boolean isWithinTolerance(int target) {
            if (integer != null) {
                return integer.equals(BigInteger.valueOf(target));
            }
            return Math.abs(real - target) < 1e-5;
        }

        @Override
        public String toString() {
            return integer != null ? integer.toString() : Double.toString(real);
        }
    }

    private final String text;
    private final Deadline deadline;
    private int position;
    private int parenthesisDepth;
    private int nesting;

    private PythonArithmetic(String text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    /**
     * Evaluates the expression.
     *
     * @throws PythonError where Python raises
     * @throws ResultTooLargeException where an int would exceed {@link #MAX_INT_BITS}
     */
    public static PyNumber evaluate(String text, Deadline deadline) throws PythonError, ResultTooLargeException {
        PythonArithmetic parser = new PythonArithmetic(text, deadline);
        // eval() ignores leading spaces and tabs and trailing newlines of an expression.
        PyNumber value = parser.expression();
        parser.skipSpace();
        while (parser.position < text.length() && (parser.peek() == '\n' || parser.peek() == '\r')) {
            parser.position++;
            parser.skipSpace();
        }
        if (parser.position != text.length()) {
            throw new PythonError("SyntaxError: invalid syntax at character " + parser.position);
        }
        return value;
    }

    private PyNumber expression() throws PythonError, ResultTooLargeException {
        PyNumber value = term();
        while (true) {
            skipSpace();
            char c = peek();
            if (c != '+' && c != '-') {
                return value;
            }
            position++;
            PyNumber right = term();
            value = c == '+' ? add(value, right) : subtract(value, right);
        }
    }

    private PyNumber term() throws PythonError, ResultTooLargeException {
        PyNumber value = factor();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '*' && peekAt(1) != '*') {
                position++;
                value = multiply(value, factor());
            } else if (c == '/' && peekAt(1) == '/') {
                position += 2;
                value = floorDivide(value, factor());
            } else if (c == '/') {
                position++;
                value = trueDivide(value, factor());
            } else {
                return value;
            }
        }
    }

    private PyNumber factor() throws PythonError, ResultTooLargeException {
        skipSpace();
        char c = peek();
        if (c == '-' || c == '+') {
            position++;
            enterNesting();
            PyNumber operand = factor();
            exitNesting();
            if (c == '+') {
                return operand;
            }
            return operand.isInt() ? PyNumber.ofInt(operand.integer().negate()) : PyNumber.ofFloat(-operand.real());
        }
        return power();
    }

    private PyNumber power() throws PythonError, ResultTooLargeException {
        PyNumber base = primary();
        skipSpace();
        if (peek() == '*' && peekAt(1) == '*') {
            position += 2;
            // The exponent binds to the right: 8**8**8 is 8**(8**8).
            PyNumber exponent = factor();
            return pow(base, exponent);
        }
        return base;
    }

    private PyNumber primary() throws PythonError, ResultTooLargeException {
        skipSpace();
        char c = peek();
        PyNumber value;
        if (c == '(') {
            position++;
            parenthesisDepth++;
            enterNesting();
            skipSpace();
            if (peek() == ')') {
                throw new PythonError("TypeError: an empty tuple is not a number");
            }
            value = expression();
            skipSpace();
            if (peek() != ')') {
                throw new PythonError("SyntaxError: '(' was never closed");
            }
            position++;
            parenthesisDepth--;
            exitNesting();
        } else if (isAsciiDigit(c) || (c == '.' && isAsciiDigit(peekAt(1)))) {
            value = number();
        } else {
            throw new PythonError("SyntaxError: invalid syntax at character " + position);
        }
        skipSpace();
        if (peek() == '(') {
            throw new PythonError("TypeError: object is not callable");
        }
        return value;
    }

    private void enterNesting() throws PythonError {
        // CPython's parser stops at a nesting limit of its own (about 200 levels); this one stops earlier.
        if (++nesting > 200) {
            throw new PythonError("SyntaxError: too many nested parentheses");
        }
    }

    private void exitNesting() {
        nesting--;
    }

    private PyNumber number() throws PythonError {
        int start = position;
        while (isAsciiDigit(peek())) {
            deadline.check();
            position++;
        }
        int integerEnd = position;
        boolean isFloat = false;
        if (peek() == '.') {
            isFloat = true;
            position++;
            while (isAsciiDigit(peek())) {
                deadline.check();
                position++;
            }
        }
        char next = peek();
        if (isAsciiDigit(next) || next == '.') {
            throw new PythonError("SyntaxError: invalid decimal literal at character " + position);
        }
        String literal = text.substring(start, position);
        if (isFloat) {
            return PyNumber.ofFloat(Double.parseDouble(literal));
        }
        if (integerEnd - start > 1 && text.charAt(start) == '0' && !literal.chars().allMatch(ch -> ch == '0')) {
            throw new PythonError("SyntaxError: leading zeros in decimal integer literals are not permitted");
        }
        return PyNumber.ofInt(new BigInteger(literal));
    }

    private void skipSpace() throws PythonError {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == ' ' || c == '\t' || c == '\f') {
                position++;
            } else if ((c == '\n' || c == '\r') && parenthesisDepth > 0) {
                // Newlines inside parentheses join lines; outside them they end the expression.
                position++;
            } else {
                return;
            }
            deadline.check();
        }
    }

    private char peek() {
        return peekAt(0);
    }

    private char peekAt(int offset) {
        int index = position + offset;
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static PyNumber checked(BigInteger value) throws ResultTooLargeException {
        if (value.bitLength() > MAX_INT_BITS) {
            throw new ResultTooLargeException();
        }
        return PyNumber.ofInt(value);
    }

    static PyNumber add(PyNumber a, PyNumber b) throws PythonError, ResultTooLargeException {
        if (a.isInt() && b.isInt()) {
            return checked(a.integer().add(b.integer()));
        }
        return PyNumber.ofFloat(a.toFloat() + b.toFloat());
    }

    static PyNumber subtract(PyNumber a, PyNumber b) throws PythonError, ResultTooLargeException {
        if (a.isInt() && b.isInt()) {
            return checked(a.integer().subtract(b.integer()));
        }
        return PyNumber.ofFloat(a.toFloat() - b.toFloat());
    }

    static PyNumber multiply(PyNumber a, PyNumber b) throws PythonError, ResultTooLargeException {
        if (a.isInt() && b.isInt()) {
            if ((long) a.integer().bitLength() + b.integer().bitLength() > MAX_INT_BITS + 1) {
                throw new ResultTooLargeException();
            }
            return checked(a.integer().multiply(b.integer()));
        }
        return PyNumber.ofFloat(a.toFloat() * b.toFloat());
    }

    /** Python's {@code /}: int / int is correctly rounded to a float, as CPython's long_true_divide does. */
    static PyNumber trueDivide(PyNumber a, PyNumber b) throws PythonError {
        if (a.isInt() && b.isInt()) {
            if (b.integer().signum() == 0) {
                throw new PythonError("ZeroDivisionError: division by zero");
            }
            if (a.integer().abs().compareTo(MAX_EXACT_DOUBLE) <= 0 && b.integer().abs().compareTo(MAX_EXACT_DOUBLE) <= 0) {
                return PyNumber.ofFloat(a.integer().doubleValue() / b.integer().doubleValue());
            }
            // NOTE: 60 significant digits before the final rounding to double; CPython rounds once,
            // so the two can differ in the last bit for quotients within 1e-60 of a rounding boundary.
            double quotient = new BigDecimal(a.integer()).divide(new BigDecimal(b.integer()), new MathContext(60))
                    .doubleValue();
            if (Double.isInfinite(quotient)) {
                throw new PythonError("OverflowError: integer division result too large for a float");
            }
            return PyNumber.ofFloat(quotient);
        }
        double divisor = b.toFloat();
        if (divisor == 0.0) {
            throw new PythonError("ZeroDivisionError: float division by zero");
        }
        return PyNumber.ofFloat(a.toFloat() / divisor);
    }

    /** Python's {@code //}: floor division for ints, CPython's float_floor_div for floats. */
    static PyNumber floorDivide(PyNumber a, PyNumber b) throws PythonError {
        if (a.isInt() && b.isInt()) {
            if (b.integer().signum() == 0) {
                throw new PythonError("ZeroDivisionError: integer division or modulo by zero");
            }
            BigInteger[] qr = a.integer().divideAndRemainder(b.integer());
            BigInteger quotient = qr[0];
            if (qr[1].signum() != 0 && (qr[1].signum() != b.integer().signum())) {
                quotient = quotient.subtract(BigInteger.ONE);
            }
            return PyNumber.ofInt(quotient);
        }
        double vx = a.toFloat();
        double wx = b.toFloat();
        if (wx == 0.0) {
            throw new PythonError("ZeroDivisionError: float floor division by zero");
        }
        double mod = vx % wx;
        double div = (vx - mod) / wx;
        if (mod != 0.0) {
            if ((wx < 0) != (mod < 0)) {
                div -= 1.0;
            }
        }
        double floorDiv;
        if (div != 0.0) {
            floorDiv = Math.floor(div);
            if (div - floorDiv > 0.5) {
                floorDiv += 1.0;
            }
        } else {
            floorDiv = Math.copySign(0.0, vx / wx);
        }
        return PyNumber.ofFloat(floorDiv);
    }

    /** Python's {@code **}: exact for ints with a non-negative exponent, CPython's float_pow otherwise. */
    PyNumber pow(PyNumber base, PyNumber exponent) throws PythonError, ResultTooLargeException {
        deadline.checkNow();
        if (base.isInt() && exponent.isInt() && exponent.integer().signum() >= 0) {
            BigInteger b = base.integer();
            BigInteger e = exponent.integer();
            if (b.signum() == 0 || b.abs().equals(BigInteger.ONE) || e.signum() == 0) {
                if (e.signum() == 0) {
                    return PyNumber.ofInt(BigInteger.ONE);
                }
                return PyNumber.ofInt(b.signum() < 0 && !e.testBit(0) ? BigInteger.ONE : b);
            }
            if (e.bitLength() > 31 || (long) (b.bitLength() - 1) * e.longValue() > MAX_INT_BITS) {
                throw new ResultTooLargeException();
            }
            return checked(b.pow(e.intValue()));
        }
        return PyNumber.ofFloat(floatPow(base.toFloat(), exponent.toFloat()));
    }

    private static double floatPow(double iv, double iw) throws PythonError {
        if (iw == 0.0) {
            return 1.0;
        }

        if (Double.isNaN(iv)) {
            return iv;
        }

        if (Double.isNaN(iw)) {
            return iv == 1.0 ? 1.0 : iw;
        }

        if (Double.isInfinite(iw)) {
            double magnitude = Math.abs(iv);
            if (magnitude == 1.0) {
                return 1.0;
            }
            return (magnitude > 1.0) == (iw > 0.0) ? Double.POSITIVE_INFINITY : 0.0;
        }

        boolean exponentIsOddInteger = Math.floor(iw) == iw && Math.abs(iw) < 9.007199254740992E15
                && ((long) iw & 1L) == 1L;
        if (Double.isInfinite(iv)) {
            if (iw > 0.0) {
                return exponentIsOddInteger ? iv : Math.abs(iv);
            }
            return exponentIsOddInteger ? Math.copySign(0.0, iv) : 0.0;
        }

        if (iv == 0.0) {
            if (iw < 0.0) {
                throw new PythonError("ZeroDivisionError: 0.0 cannot be raised to a negative power");
            }
            return exponentIsOddInteger ? iv : 0.0;
        }

        boolean negateResult = false;
        if (iv < 0.0) {
            if (iw != Math.floor(iw)) {
                // NOTE: Python returns a complex number here; d1 then compares abs(result - target), which
                // is not modelled, so the result counts as not evaluable.
                throw new PythonError("complex result of a negative base to a fractional power");
            }
            iv = -iv;
            negateResult = exponentIsOddInteger;
        }

        if (iv == 1.0) {
            return negateResult ? -1.0 : 1.0;
        }

        double result = Math.pow(iv, iw);
        if (Double.isInfinite(result)) {
            throw new PythonError("OverflowError: (34, 'Numerical result out of range')");
        }
        return negateResult ? -result : result;
    }
}
