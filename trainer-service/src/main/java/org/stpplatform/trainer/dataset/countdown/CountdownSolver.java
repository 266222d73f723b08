package org.stpplatform.trainer.dataset.countdown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact Countdown solver: combines two numbers at a time with + - * / until one value remains,
 * so every number is used exactly once.
 *
 * <p>The search order is fixed (pairs in prompt order, then +, -, *, /), so the same instance
 * always gets the same solution, which makes the traces easier to learn. Solutions whose
 * intermediate results are all non-negative integers are preferred; when none exists, fractional
 * and negative intermediates are allowed (some public instances need them).
 */
public final class CountdownSolver {

    private static final char[] OPERATORS = {'+', '-', '*', '/'};

    /** A partial expression: its exact value, its text, and the equations that built it. */
    private record Term(Rational value, String text, boolean atomic, List<String> steps) {

        String operandText() {
            return atomic ? text : "(" + text + ")";
        }
    }

    /** Returns the preferred solution, or empty when the target is unreachable. */
    public Optional<CountdownSolution> solve(CountdownInstance instance) {
        Rational target = Rational.of(instance.target());
        Optional<CountdownSolution> integral = search(initialTerms(instance.numbers()), target, true);
        return integral.isPresent() ? integral : search(initialTerms(instance.numbers()), target, false);
    }

    /**
     * Returns, for every integer value reachable with non-negative integer intermediates, the first
     * solution in search order. Iteration order is ascending by first discovery.
     */
    public Map<Long, CountdownSolution> integerReachable(List<Integer> numbers) {
        Map<Long, CountdownSolution> reachable = new LinkedHashMap<>();
        enumerate(initialTerms(numbers), reachable);
        return reachable;
    }

    private static List<Term> initialTerms(List<Integer> numbers) {
        List<Term> terms = new ArrayList<>(numbers.size());
        for (int number : numbers) {
            terms.add(new Term(Rational.of(number), Integer.toString(number), true, List.of()));
        }
        return terms;
    }

    private Optional<CountdownSolution> search(List<Term> terms, Rational target, boolean integerOnly) {
        if (terms.size() == 1) {
            Term last = terms.get(0);
            return last.value().equals(target)
                    ? Optional.of(new CountdownSolution(last.text(), last.steps()))
                    : Optional.empty();
        }
        for (int i = 0; i < terms.size(); i++) {
            for (int j = i + 1; j < terms.size(); j++) {
                for (Term combined : combinations(terms.get(i), terms.get(j), integerOnly)) {
                    Optional<CountdownSolution> found = search(replacePair(terms, i, j, combined), target, integerOnly);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void enumerate(List<Term> terms, Map<Long, CountdownSolution> reachable) {
        if (terms.size() == 1) {
            Term last = terms.get(0);
            reachable.putIfAbsent(last.value().numerator(), new CountdownSolution(last.text(), last.steps()));
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            for (int j = i + 1; j < terms.size(); j++) {
                for (Term combined : combinations(terms.get(i), terms.get(j), true)) {
                    enumerate(replacePair(terms, i, j, combined), reachable);
                }
            }
        }
    }

    /** Replaces terms i and j (i < j) by {@code combined}, which takes position i. */
    private static List<Term> replacePair(List<Term> terms, int i, int j, Term combined) {
        List<Term> next = new ArrayList<>(terms);
        next.set(i, combined);
        next.remove(j);
        return next;
    }

    /** Returns a+b, a-b, b-a, a*b, a/b, b/a, skipping results that the mode or arithmetic rules out. */
    private static List<Term> combinations(Term a, Term b, boolean integerOnly) {
        List<Term> results = new ArrayList<>(6);
        for (char operator : OPERATORS) {
            addIfValid(results, a, operator, b, integerOnly);
            if (operator == '-' || operator == '/') {
                addIfValid(results, b, operator, a, integerOnly);
            }
        }
        return results;
    }

    private static void addIfValid(List<Term> results, Term left, char operator, Term right, boolean integerOnly) {
        Rational value;
        try {
            value = switch (operator) {
                case '+' -> left.value().plus(right.value());
                case '-' -> left.value().minus(right.value());
                case '*' -> left.value().times(right.value());
                default -> left.value().dividedBy(right.value());
            };
        } catch (ArithmeticException divisionByZeroOrOverflow) {
            return;
        }
        if (integerOnly && (!value.isInteger() || value.isNegative())) {
            return;
        }
        List<String> steps = new ArrayList<>(left.steps().size() + right.steps().size() + 1);
        steps.addAll(left.steps());
        steps.addAll(right.steps());
        steps.add(left.value() + String.valueOf(operator) + right.value() + "=" + value);
        String text = left.operandText() + operator + right.operandText();
        results.add(new Term(value, text, false, steps));
    }
}
