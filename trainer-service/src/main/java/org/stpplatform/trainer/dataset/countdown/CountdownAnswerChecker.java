package org.stpplatform.trainer.dataset.countdown;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Checks a completion against an instance the way the Countdown reward does: the expression
 * inside the last {@code <answer>...</answer>} must use exactly the given numbers (as a multiset)
 * and evaluate exactly to the target with + - * / and parentheses.
 *
 * <p>NOTE: the reward service's scorer is the authority for rewards; this in-process check exists
 * so that supervised training can report held-out accuracy without a running service.
 */
public final class CountdownAnswerChecker {

    private static final String OPEN = "<answer>";
    private static final String CLOSE = "</answer>";
    private static final int MAX_EXPRESSION_LENGTH = 200;

    private CountdownAnswerChecker() {
    }

    /** Returns true when the completion's last answer solves the instance. */
    public static boolean isCorrect(CountdownInstance instance, String completion) {
        String expression = lastAnswer(completion);
        if (expression == null || expression.length() > MAX_EXPRESSION_LENGTH) {
            return false;
        }
        try {
            Parser parser = new Parser(expression.replace(" ", ""));
            Rational value = parser.parse();
            List<Integer> given = new ArrayList<>(instance.numbers());
            List<Integer> used = new ArrayList<>(parser.numbers);
            Collections.sort(given);
            Collections.sort(used);
            return given.equals(used) && value.equals(Rational.of(instance.target()));
        } catch (IllegalArgumentException | ArithmeticException invalidExpression) {
            return false;
        }
    }

    /** Returns the text inside the last answer tags, or null when there is none. */
    public static String lastAnswer(String completion) {
        int end = completion.lastIndexOf(CLOSE);
        if (end < 0) {
            return null;
        }
        int start = completion.lastIndexOf(OPEN, end);
        return start < 0 ? null : completion.substring(start + OPEN.length(), end).trim();
    }

    /** Recursive-descent parser over + - * / and parentheses with exact rational values. */
    private static final class Parser {

        private final String text;
        private final List<Integer> numbers = new ArrayList<>();
        private int position;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        Rational parse() {
            Rational value = sum();
            if (position != text.length()) {
                throw new IllegalArgumentException("unexpected character at " + position);
            }
            return value;
        }

        private Rational sum() {
            Rational value = product();
            while (peek() == '+' || peek() == '-') {
                char operator = text.charAt(position++);
                Rational right = product();
                value = operator == '+' ? value.plus(right) : value.minus(right);
            }
            return value;
        }

        private Rational product() {
            Rational value = factor();
            while (peek() == '*' || peek() == '/') {
                char operator = text.charAt(position++);
                Rational right = factor();
                value = operator == '*' ? value.times(right) : value.dividedBy(right);
            }
            return value;
        }

        private Rational factor() {
            if (peek() == '(') {
                if (++depth > MAX_EXPRESSION_LENGTH) {
                    throw new IllegalArgumentException("parentheses nested too deeply");
                }
                position++;
                Rational value = sum();
                if (peek() != ')') {
                    throw new IllegalArgumentException("missing ')' at " + position);
                }
                position++;
                depth--;
                return value;
            }
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            if (start == position || position - start > 9) {
                throw new IllegalArgumentException("expected a number of at most 9 digits at " + start);
            }
            int number = Integer.parseInt(text.substring(start, position));
            numbers.add(number);
            return Rational.of(number);
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }
    }
}
