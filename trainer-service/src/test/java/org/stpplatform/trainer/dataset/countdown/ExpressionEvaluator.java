package org.stpplatform.trainer.dataset.countdown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Independent recursive-descent evaluator used to check solver output in tests. */
final class ExpressionEvaluator {

    private final String text;
    private int position;

    private ExpressionEvaluator(String text) {
        this.text = text;
    }

    static Rational evaluate(String expression) {
        ExpressionEvaluator parser = new ExpressionEvaluator(expression.replace(" ", ""));
        Rational value = parser.sum();
        if (parser.position != parser.text.length()) {
            throw new IllegalArgumentException("trailing text at " + parser.position + " in " + expression);
        }
        return value;
    }

    static List<Integer> numbersIn(String expression) {
        List<Integer> numbers = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\d+").matcher(expression);
        while (matcher.find()) {
            numbers.add(Integer.parseInt(matcher.group()));
        }
        return numbers;
    }

    private Rational sum() {
        Rational value = product();
        while (position < text.length() && (peek() == '+' || peek() == '-')) {
            char operator = text.charAt(position++);
            Rational right = product();
            value = operator == '+' ? value.plus(right) : value.minus(right);
        }
        return value;
    }

    private Rational product() {
        Rational value = factor();
        while (position < text.length() && (peek() == '*' || peek() == '/')) {
            char operator = text.charAt(position++);
            Rational right = factor();
            value = operator == '*' ? value.times(right) : value.dividedBy(right);
        }
        return value;
    }

    private Rational factor() {
        if (peek() == '(') {
            position++;
            Rational value = sum();
            if (peek() != ')') {
                throw new IllegalArgumentException("missing ')' at " + position + " in " + text);
            }
            position++;
            return value;
        }
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw new IllegalArgumentException("expected a number at " + start + " in " + text);
        }
        return Rational.of(Long.parseLong(text.substring(start, position)));
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }
}
