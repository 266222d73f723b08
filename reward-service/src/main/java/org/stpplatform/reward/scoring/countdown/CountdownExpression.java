package org.stpplatform.reward.scoring.countdown;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;

/**
 * Strict Countdown expression parser: a recursive-descent parser over integers, {@code + - * /},
 * unary minus and parentheses, evaluated in exact rationals. It accepts an optional trailing
 * {@code = <integer>} and the usual typeset operators ({@code × ÷ − · \times \div \cdot}) and rejects
 * {@code **}, {@code //}, exponent literals, decimal points, leading zeros and any other character.
 *
 * <pre>
 * equation   = expression [ "=" integer ]
 * expression = term { ("+" | "-") term }
 * term       = unary { ("*" | "/") unary }
 * unary      = "-" unary | primary
 * primary    = integer | "(" expression ")"
 * </pre>
 */
public final class CountdownExpression {

    /** Deepest parenthesis and unary-minus nesting accepted; deeper input is rejected, not recursed. */
    public static final int MAX_DEPTH = 64;

    /**
     * Parsed equation.
     *
     * @param value exact value of the expression
     * @param literals integer literals of the expression, in order (the claimed right-hand side excluded)
     * @param claimedResult the integer after a trailing {@code =}, or null when there is none
     */
    public record Parsed(Rational value, List<BigInteger> literals, BigInteger claimedResult) {
    }

    /** Thrown for text outside the grammar; the message says what was found where. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when the expression divides by zero. */
    public static final class DivisionByZeroException extends Exception {
        private static final long serialVersionUID = 1L;

        DivisionByZeroException() {
            super("division by zero", null, false, false);
        }
    }

    private final String text;
    private final Deadline deadline;
    private final List<BigInteger> literals = new ArrayList<>();
    private int position;
    private int depth;
    private boolean divisionByZero;

    private CountdownExpression(String text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    /**
     * Parses and evaluates an answer.
     *
     * @throws SyntaxException when the text is not an expression of the grammar
     * @throws DivisionByZeroException when a divisor evaluates to zero
     */
    public static Parsed parse(String answer, Deadline deadline) throws SyntaxException, DivisionByZeroException {
        CountdownExpression parser = new CountdownExpression(normalize(answer, deadline), deadline);
        return parser.parseEquation();
    }

    /**
     * Replaces typeset operators by ASCII ones and drops math delimiters ({@code $}, {@code \(}
     * {@code \)}, {@code \[} {@code \]}) and {@code \left}/{@code \right}.
     */
    static String normalize(String answer, Deadline deadline) {
        StringBuilder out = new StringBuilder(answer.length());
        int i = 0;
        while (i < answer.length()) {
            deadline.check();
            char c = answer.charAt(i);
            if (c == '\\') {
                String replacement = null;
                int skip = 0;
                for (String[] command : LATEX_OPERATORS) {
                    if (answer.startsWith(command[0], i) && !isLetterAt(answer, i + command[0].length())) {
                        replacement = command[1];
                        skip = command[0].length();
                        break;
                    }
                }
                if (replacement != null) {
                    out.append(replacement);
                    i += skip;
                    continue;
                }
            }
            switch (c) {
                case '\u00D7', '\u00B7', '\u22C5', '\u2217', '\u2219' -> out.append('*');
                case '\u00F7', '\u2215', '\u2044' -> out.append('/');
                case '\u2212', '\u2013' -> out.append('-');
                case '$' -> { }
                default -> out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    private static final String[][] LATEX_OPERATORS = {
        {"\\times", "*"}, {"\\cdot", "*"}, {"\\div", "/"}, {"\\left", ""}, {"\\right", ""},
        {"\\(", ""}, {"\\)", ""}, {"\\[", ""}, {"\\]", ""},
    };

    private static boolean isLetterAt(String s, int index) {
        return index < s.length() && Character.isLetter(s.charAt(index));
    }

    private Parsed parseEquation() throws SyntaxException, DivisionByZeroException {
        Rational value = parseExpression();
        BigInteger claimed = null;
        skipSpace();
        if (peek() == '=') {
            position++;
            skipSpace();
            boolean negative = false;
            if (peek() == '-') {
                negative = true;
                position++;
                skipSpace();
            }
            if (!isDigit(peek())) {
                throw syntax("expected an integer after '='");
            }
            claimed = readInteger();
            claimed = negative ? claimed.negate() : claimed;
            skipSpace();
        }
        if (position < text.length()) {
            throw syntax(describeUnexpected());
        }
        if (divisionByZero) {
            throw new DivisionByZeroException();
        }
        return new Parsed(value, List.copyOf(literals), claimed);
    }

    private Rational parseExpression() throws SyntaxException {
        Rational value = parseTerm();
        while (true) {
            skipSpace();
            char c = peek();
            if (c != '+' && c != '-') {
                return value;
            }
            position++;
            Rational right = parseTerm();
            value = c == '+' ? value.add(right) : value.subtract(right);
        }
    }

    private Rational parseTerm() throws SyntaxException {
        Rational value = parseUnary();
        while (true) {
            skipSpace();
            char c = peek();
            if (c != '*' && c != '/') {
                return value;
            }
            if (position + 1 < text.length() && text.charAt(position + 1) == c) {
                throw syntax(c == '*' ? "'**' (power) is not allowed" : "'//' (floor division) is not allowed");
            }
            position++;
            Rational right = parseUnary();
            if (c == '*') {
                value = value.multiply(right);
            } else if (right.signum() == 0) {
                // Keep parsing so that syntax errors later in the text still win over the zero divisor.
                divisionByZero = true;
            } else {
                value = value.divide(right);
            }
        }
    }

    private Rational parseUnary() throws SyntaxException {
        skipSpace();
        if (peek() == '-') {
            position++;
            enter();
            Rational value = parseUnary().negate();
            depth--;
            return value;
        }
        return parsePrimary();
    }

    private Rational parsePrimary() throws SyntaxException {
        skipSpace();
        char c = peek();
        if (c == '(') {
            position++;
            enter();
            Rational value = parseExpression();
            skipSpace();
            if (peek() != ')') {
                throw syntax(position >= text.length() ? "missing ')'" : describeUnexpected());
            }
            position++;
            depth--;
            return value;
        }
        if (isDigit(c)) {
            int start = position;
            BigInteger literal = readInteger();
            if (position - start > 1 && text.charAt(start) == '0') {
                throw syntax("number with a leading zero at character " + start);
            }
            if (peek() == '.') {
                throw syntax("decimal point at character " + position);
            }
            if (peek() == 'e' || peek() == 'E') {
                throw syntax("exponent literal at character " + position);
            }
            literals.add(literal);
            return Rational.of(literal);
        }
        throw syntax(position >= text.length() ? "expression ends early" : describeUnexpected());
    }

    private void enter() throws SyntaxException {
        if (++depth > MAX_DEPTH) {
            throw syntax("nesting deeper than " + MAX_DEPTH);
        }
    }

    private BigInteger readInteger() throws SyntaxException {
        int start = position;
        while (isDigit(peek())) {
            deadline.check();
            position++;
        }
        if (position - start > 18) {
            throw syntax("number longer than 18 digits at character " + start);
        }
        return BigInteger.valueOf(Long.parseLong(text, start, position, 10));
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            deadline.check();
            position++;
        }
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describeUnexpected() {
        int codePoint = text.codePointAt(position);
        return String.format("unexpected character '%s' (U+%04X) at character %d",
                new String(Character.toChars(codePoint)), codePoint, position);
    }

    private SyntaxException syntax(String message) {
        return new SyntaxException(message);
    }
}
