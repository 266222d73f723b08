package org.stpplatform.reward.scoring.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stpplatform.reward.scoring.Deadline;

/**
 * Structure of a normalised MATH answer: a choice letter, plain text, an expression, a bracketed
 * tuple, interval, set or vector (bracket types kept), an unordered comma list, a union of
 * intervals, an equation, or a matrix.
 */
sealed interface MathAnswer {

    record Text(String value) implements MathAnswer { }

    record Choice(char letter) implements MathAnswer { }

    record Expression(MathExpression expression) implements MathAnswer { }

    /** Elements inside brackets; {@code open} and {@code close} keep the kind, e.g. {@code [2,5)}. */
    record Bracketed(char open, char close, List<MathAnswer> elements) implements MathAnswer {

        boolean isSet() {
            return open == MathNormalizer.SET_OPEN;
        }

        boolean isParenthesised() {
            return open == '(' && close == ')';
        }
    }

    /** A comma-separated list without brackets, compared without regard to order. */
    record UnorderedList(List<MathAnswer> elements) implements MathAnswer { }

    record Union(List<MathAnswer> parts) implements MathAnswer { }

    record Equation(MathAnswer left, MathAnswer right) implements MathAnswer {

        /** Returns whether the left side is a single variable, as in {@code x = 5}. */
        boolean isLabel() {
            return left instanceof Expression expression && expression.expression() instanceof MathExpression.Variable;
        }
    }

    record Matrix(List<List<MathAnswer>> rows) implements MathAnswer { }

    /** Maximum element count of a list, tuple or matrix; longer ones stay text. */
    int MAX_ELEMENTS = 64;

    /** Parses a normalised answer. Never fails: text that is nothing else becomes {@link Text}. */
    static MathAnswer parse(MathNormalizer.Normalized normalized, Deadline deadline) {
        String compact = normalized.compact();
        if (normalized.wholeText()) {
            Choice choice = choice(compact);
            return choice != null ? choice : new Text(compact.toLowerCase(Locale.ROOT));
        }
        return parse(normalized.text(), 0, deadline);
    }

    private static MathAnswer parse(String raw, int depth, Deadline deadline) {
        deadline.check();
        String s = raw.strip();
        String compact = new MathNormalizer.Normalized(s, false).compact();
        Choice choice = choice(compact);
        if (choice != null) {
            return choice;
        }

        if (depth > 8) {
            return new Text(compact);
        }

        Matrix matrix = matrix(s, depth, deadline);
        if (matrix != null) {
            return matrix;
        }
        List<String> unionParts = splitTopLevel(s, "\\cup", deadline);
        if (unionParts.size() > 1) {
            return new Union(parseAll(unionParts, depth, deadline));
        }
        List<String> items = splitTopLevel(s, ",", deadline);
        if (items.size() > 1) {
            if (items.size() > MAX_ELEMENTS) {
                return new Text(compact);
            }
            return new UnorderedList(parseAll(items, depth, deadline));
        }
        List<String> sides = splitTopLevel(s, "=", deadline);
        if (sides.size() == 2) {
            return new Equation(parse(sides.get(0), depth + 1, deadline), parse(sides.get(1), depth + 1, deadline));
        }
        List<String> membership = splitTopLevel(s, "\\in", deadline);
        if (membership.size() == 2) {
            return new Equation(parse(membership.get(0), depth + 1, deadline),
                    parse(membership.get(1), depth + 1, deadline));
        }

        List<String> plusMinus = splitTopLevel(s, "\\pm", deadline);
        if (plusMinus.size() == 2) {
            // a \pm b names the two values a + b and a - b.
            String plus = plusMinus.get(0) + "+" + plusMinus.get(1);
            String minus = plusMinus.get(0) + "-(" + plusMinus.get(1) + ")";
            return new UnorderedList(List.of(parse(plus, depth + 1, deadline), parse(minus, depth + 1, deadline)));
        }

        int close = matchingBracket(s, deadline);
        if (close == s.length() - 1 && s.length() >= 2) {
            char open = s.charAt(0);
            char closer = s.charAt(close);
            String inner = s.substring(1, close);
            List<String> elements = splitTopLevel(inner, ",", deadline);
            boolean alwaysBracketed = open == MathNormalizer.SET_OPEN || open == '\u27E8';
            if (elements.size() > 1 || alwaysBracketed) {
                if (elements.size() > MAX_ELEMENTS) {
                    return new Text(compact);
                }
                return new Bracketed(open, closer, parseAll(elements, depth, deadline));
            }
        }

        try {
            return new Expression(MathExpressionParser.parse(s, deadline));
        } catch (MathExpressionParser.ParseException e) {
            return new Text(compact);
        }
    }

    private static List<MathAnswer> parseAll(List<String> parts, int depth, Deadline deadline) {
        List<MathAnswer> answers = new ArrayList<>(parts.size());
        for (String part : parts) {
            answers.add(parse(part, depth + 1, deadline));
        }
        return answers;
    }

    /** Returns the choice for {@code B}, {@code (B)}, or null for anything else. */
    private static Choice choice(String compact) {
        String s = compact;
        if (s.length() == 3 && s.charAt(0) == '(' && s.charAt(2) == ')') {
            s = s.substring(1, 2);
        }

        if (s.length() == 1 && s.charAt(0) >= 'A' && s.charAt(0) <= 'E') {
            return new Choice(s.charAt(0));
        }
        return null;
    }

    private static Matrix matrix(String s, int depth, Deadline deadline) {
        for (String environment : new String[] {"pmatrix", "bmatrix", "matrix", "Bmatrix"}) {
            String begin = "\\begin{" + environment + "}";
            String end = "\\end{" + environment + "}";
            if (!s.startsWith(begin) || !s.endsWith(end) || s.length() < begin.length() + end.length()) {
                continue;
            }
            String body = s.substring(begin.length(), s.length() - end.length());
            List<List<MathAnswer>> rows = new ArrayList<>();
            int cells = 0;
            for (String row : splitTopLevel(body, "\\\\", deadline)) {
                if (row.isBlank()) {
                    continue;
                }
                List<String> rowCells = splitTopLevel(row, "&", deadline);
                cells += rowCells.size();
                if (cells > MAX_ELEMENTS) {
                    return null;
                }
                rows.add(parseAll(rowCells, depth, deadline));
            }
            return new Matrix(rows);
        }
        return null;
    }

    /** Splits at every {@code separator} outside brackets and braces. */
    static List<String> splitTopLevel(String s, String separator, Deadline deadline) {
        List<String> parts = new ArrayList<>();
        boolean commandSeparator = separator.length() > 1 && separator.charAt(0) == '\\'
                && Character.isLetter(separator.charAt(1));
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            deadline.check();
            char c = s.charAt(i);
            if (c == '\\' && separator.charAt(0) != '\\') {
                i++;
                continue;
            }
            if (isOpener(c)) {
                depth++;
            } else if (isCloser(c)) {
                depth--;
            } else if (depth == 0 && s.startsWith(separator, i)
                    && (!commandSeparator || !isLetterAt(s, i + separator.length()))) {
                parts.add(s.substring(start, i));
                i += separator.length() - 1;
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** Returns the index of the bracket closing the one at index 0 (any closer closes any opener), or -1. */
    private static int matchingBracket(String s, Deadline deadline) {
        if (s.isEmpty() || !isOpener(s.charAt(0))) {
            return -1;
        }

        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            deadline.check();
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (isOpener(c)) {
                depth++;
            } else if (isCloser(c)) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isLetterAt(String s, int index) {
        return index < s.length() && Character.isLetter(s.charAt(index));
    }

    private static boolean isOpener(char c) {
        return c == '(' || c == '[' || c == '{' || c == MathNormalizer.SET_OPEN || c == '\u27E8';
    }

    private static boolean isCloser(char c) {
        return c == ')' || c == ']' || c == '}' || c == MathNormalizer.SET_CLOSE || c == '\u27E9';
    }
}
