package org.stpplatform.reward.scoring.math;

import java.util.Set;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;
import org.stpplatform.reward.scoring.math.MathExpression.Binary;
import org.stpplatform.reward.scoring.math.MathExpression.Binomial;
import org.stpplatform.reward.scoring.math.MathExpression.Factorial;
import org.stpplatform.reward.scoring.math.MathExpression.Function;
import org.stpplatform.reward.scoring.math.MathExpression.Negate;
import org.stpplatform.reward.scoring.math.MathExpression.Root;
import org.stpplatform.reward.scoring.math.MathExpression.Variable;

/**
 * Recursive-descent parser from normalised LaTeX to {@link MathExpression}. It reads numbers,
 * single-letter variables (with subscripts and primes), Greek letters, {@code + - * / ^ !},
 * {@code \cdot \times \div}, implicit multiplication, {@code \frac}, {@code \sqrt[n]{}},
 * {@code \binom}, {@code |x|}, floor and ceiling brackets and the usual functions. Like LaTeX, a
 * command argument without braces is one character, so {@code \frac12} is one half.
 *
 * <pre>
 * expression = [sign] term { ("+" | "-") term }
 * term       = unary { ("*" | "/" | implicit) unary }
 * unary      = "-" unary | "+" unary | postfix
 * postfix    = primary { "^" argument | "!" }
 * </pre>
 */
final class MathExpressionParser {

    /** Maximum input length parsed; longer answers are compared as text only. */
    static final int MAX_LENGTH = 2000;

    /** Maximum nesting depth; deeper input is rejected instead of recursed into. */
    static final int MAX_DEPTH = 100;

    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "cot", "sec", "csc", "arcsin",
            "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "lg", "exp");

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
            "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma",
            "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
            "Pi", "Sigma", "Phi", "Psi", "Omega", "infty");

    /** Thrown for input outside the supported grammar. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final Deadline deadline;
    private int position;
    private int depth;

    private MathExpressionParser(String text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    /**
     * Parses a whole expression.
     *
     * @throws ParseException when the text is not an expression of the supported grammar
     */
    static MathExpression parse(String text, Deadline deadline) throws ParseException {
        if (text.length() > MAX_LENGTH) {
            throw new ParseException("expression longer than " + MAX_LENGTH + " characters");
        }
        MathExpressionParser parser = new MathExpressionParser(text, deadline);
        MathExpression expression = parser.expression();
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw new ParseException("unexpected '" + text.charAt(parser.position) + "' at " + parser.position);
        }
        return expression;
    }

    private MathExpression expression() throws ParseException {
        enter();
        MathExpression value = term();
        while (true) {
            skipSpace();
            char c = peek();
            if (c != '+' && c != '-') {
                break;
            }
            position++;
            MathExpression right = term();
            value = new Binary(c, value, right);
        }
        depth--;
        return value;
    }

    private MathExpression term() throws ParseException {
        MathExpression value = unary();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '*' || c == '/') {
                position++;
                value = new Binary(c, value, unary());
            } else if (tryCommand("cdot") || tryCommand("times")) {
                value = new Binary('*', value, unary());
            } else if (tryCommand("div")) {
                value = new Binary('/', value, unary());
            } else if (startsPrimary()) {
                boolean fractionFollows = commandNameAt(position).equals("frac");
                MathExpression factor = postfix();
                value = fractionFollows && isMixedNumber(value, factor)
                        ? mixedNumber(value, factor)
                        : new Binary('*', value, factor);
            } else {
                return value;
            }
        }
    }

    /**
     * Returns whether an integer followed by a fraction of integers is a mixed number, as MATH
     * answers write them: {@code 137 \frac{1}{2}} is 137.5, not 68.5.
     */
    private static boolean isMixedNumber(MathExpression whole, MathExpression fraction) {
        MathExpression magnitude = whole instanceof Negate negate ? negate.operand() : whole;
        return magnitude instanceof MathExpression.Number number && number.value().isInteger()
                && number.value().signum() >= 0
                && fraction instanceof Binary binary && binary.operator() == '/'
                && binary.left() instanceof MathExpression.Number
                && binary.right() instanceof MathExpression.Number;
    }

    private static MathExpression mixedNumber(MathExpression whole, MathExpression fraction) {
        if (whole instanceof Negate negate) {
            return new Negate(new Binary('+', negate.operand(), fraction));
        }
        return new Binary('+', whole, fraction);
    }

    private MathExpression unary() throws ParseException {
        skipSpace();
        if (peek() == '-' || peek() == '+') {
            char sign = text.charAt(position++);
            enter();
            MathExpression operand = unary();
            depth--;
            return sign == '-' ? new Negate(operand) : operand;
        }
        return postfix();
    }

    private MathExpression postfix() throws ParseException {
        MathExpression value = primary();
        while (true) {
            skipSpace();
            if (peek() == '^') {
                position++;
                value = new Binary('^', value, exponentArgument());
            } else if (peek() == '!') {
                position++;
                value = new Factorial(value);
            } else {
                return value;
            }
        }
    }

    /** Parses an exponent: a braced group, a signed digit run ({@code 10^-4}), or one character. */
    private MathExpression exponentArgument() throws ParseException {
        skipSpace();
        if (peek() == '-' && position + 1 < text.length() && isDigit(text.charAt(position + 1))) {
            position++;
            return new Negate(number());
        }
        return argument();
    }

    /** Parses a command argument: a braced group, or one digit, one letter or one command. */
    private MathExpression argument() throws ParseException {
        skipSpace();
        char c = peek();
        if (c == '{') {
            return group('{', '}');
        }
        if (isDigit(c)) {
            position++;
            return new MathExpression.Number(Rational.of(c - '0'));
        }
        if (Character.isLetter(c) || c == '\\') {
            return primary();
        }
        throw new ParseException("missing argument at " + position);
    }

    private MathExpression group(char open, char close) throws ParseException {
        expect(open);
        MathExpression inner = expression();
        skipSpace();
        expect(close);
        return inner;
    }

    private boolean startsPrimary() {
        char c = peek();
        if (isDigit(c) || c == '.' || c == '(' || c == '{' || c == '[' || Character.isLetter(c)) {
            return true;
        }
        if (c == '\\') {
            String name = commandNameAt(position);
            return !name.equals("cdot") && !name.equals("times") && !name.equals("div")
                    && !name.equals("rfloor") && !name.equals("rceil") && !name.isEmpty();
        }
        return false;
    }

    private MathExpression primary() throws ParseException {
        deadline.check();
        skipSpace();
        char c = peek();
        if (isDigit(c) || (c == '.' && position + 1 < text.length() && isDigit(text.charAt(position + 1)))) {
            return number();
        }
        if (c == '(') {
            return group('(', ')');
        }
        if (c == '[') {
            return group('[', ']');
        }
        if (c == '{') {
            return group('{', '}');
        }
        if (c == '|') {
            position++;
            MathExpression inner = expression();
            skipSpace();
            expect('|');
            return new Function("abs", inner);
        }
        if (Character.isLetter(c)) {
            position++;
            return variable(String.valueOf(c));
        }
        if (c == '\\') {
            return command();
        }
        throw new ParseException(position >= text.length() ? "expression ends early" : "unexpected '" + c + "' at " + position);
    }

    private MathExpression command() throws ParseException {
        int start = position;
        String name = commandNameAt(position);
        if (name.isEmpty()) {
            throw new ParseException("unsupported command at " + start);
        }
        position += 1 + name.length();
        switch (name) {
            case "frac":
                return new Binary('/', argument(), argument());
            case "binom":
                return new Binomial(argument(), argument());
            case "sqrt": {
                MathExpression index = new MathExpression.Number(Rational.of(2));
                skipSpace();
                if (peek() == '[') {
                    index = group('[', ']');
                }
                return new Root(argument(), index);
            }
            case "lfloor": {
                MathExpression inner = expression();
                expectCommand("rfloor");
                return new Function("floor", inner);
            }
            case "lceil": {
                MathExpression inner = expression();
                expectCommand("rceil");
                return new Function("ceil", inner);
            }
            case "pi":
                return new Variable(MathExpression.PI);
            default:
                break;
        }
        if (GREEK.contains(name)) {
            return variable("\\" + name);
        }
        if (FUNCTIONS.contains(name)) {
            return function(name);
        }
        throw new ParseException("unsupported command \\" + name + " at " + start);
    }

    /** Parses a function with an optional power ({@code \sin^2 x}) or log base ({@code \log_2 8}) and its argument. */
    private MathExpression function(String name) throws ParseException {
        MathExpression power = null;
        MathExpression base = null;
        skipSpace();
        if (peek() == '^') {
            position++;
            power = exponentArgument();
            skipSpace();
        }
        if (peek() == '_' && name.equals("log")) {
            position++;
            base = argument();
            skipSpace();
        }
        MathExpression argument;
        if (peek() == '(') {
            argument = group('(', ')');
        } else {
            argument = postfix();
        }
        MathExpression value = base == null
                ? new Function(name, argument)
                : new Binary('/', new Function("ln", argument), new Function("ln", base));
        return power == null ? value : new Binary('^', value, power);
    }

    /** Parses a variable name with optional subscript ({@code a_1}, {@code x_{10}}) and primes. */
    private MathExpression variable(String name) throws ParseException {
        StringBuilder full = new StringBuilder(name);
        skipSpace();
        if (peek() == '_') {
            position++;
            skipSpace();
            int start = position;
            if (peek() == '{') {
                int close = BoxedAnswers.matchingBrace(text, position, deadline);
                if (close < 0) {
                    throw new ParseException("unclosed subscript at " + start);
                }
                position = close + 1;
            } else if (position < text.length()) {
                position++;
            }
            full.append('_').append(text, start, position);
        }
        while (peek() == '\'') {
            full.append('\'');
            position++;
        }
        return new Variable(full.toString());
    }

    private MathExpression number() throws ParseException {
        int start = position;
        while (isDigit(peek())) {
            deadline.check();
            position++;
        }
        if (peek() == '.' && position + 1 < text.length() && isDigit(text.charAt(position + 1))) {
            position++;
            while (isDigit(peek())) {
                deadline.check();
                position++;
            }
        }
        int end = position;
        // Scientific notation such as 3.1e-4, when no letter follows (2e alone is 2 times e).
        if (peek() == 'e' || peek() == 'E') {
            int i = position + 1;
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i > digits && (i >= text.length() || !Character.isLetter(text.charAt(i)))) {
                end = i;
                position = i;
            }
        }
        Rational value = Rational.parseDecimal(text.substring(start, end));
        if (value == null) {
            throw new ParseException("invalid number at " + start);
        }
        // Base notation such as 1011_2 is kept as an opaque symbol, equal only to itself.
        if (peek() == '_') {
            return variable(text.substring(start, end));
        }
        return new MathExpression.Number(value);
    }

    private String commandNameAt(int at) {
        if (at >= text.length() || text.charAt(at) != '\\') {
            return "";
        }
        int i = at + 1;
        while (i < text.length() && isAsciiLetter(text.charAt(i))) {
            i++;
        }
        return text.substring(at + 1, i);
    }

    private boolean tryCommand(String name) {
        if (commandNameAt(position).equals(name)) {
            position += 1 + name.length();
            return true;
        }
        return false;
    }

    private void expectCommand(String name) throws ParseException {
        skipSpace();
        if (!tryCommand(name)) {
            throw new ParseException("missing \\" + name + " at " + position);
        }
    }

    private void expect(char c) throws ParseException {
        skipSpace();
        if (peek() != c) {
            throw new ParseException("expected '" + c + "' at " + position);
        }
        position++;
    }

    private void enter() throws ParseException {
        if (++depth > MAX_DEPTH) {
            throw new ParseException("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
