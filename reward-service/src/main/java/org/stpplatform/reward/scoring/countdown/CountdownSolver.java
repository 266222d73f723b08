package org.stpplatform.reward.scoring.countdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stpplatform.reward.scoring.Rational;

/**
 * Finds an expression that uses each given number exactly once with {@code + - * /} (exact
 * rational division) and reaches the target, by exhaustive search over pairs of partial results.
 * Useful for generating solvable instances and for tests.
 */
public final class CountdownSolver {

    /** Largest instance searched; the search grows faster than factorially with the count. */
    public static final int MAX_NUMBERS = 6;

    private CountdownSolver() {
    }

    /**
     * Returns a fully parenthesised expression over {@code numbers} equal to {@code target}, or empty
     * when none exists.
     *
     * @throws IllegalArgumentException when there are no numbers or more than {@link #MAX_NUMBERS}
     */
    public static Optional<String> solve(List<Integer> numbers, int target) {
        if (numbers.isEmpty() || numbers.size() > MAX_NUMBERS) {
            throw new IllegalArgumentException(
                    "Countdown solver takes 1 to " + MAX_NUMBERS + " numbers, got " + numbers.size());
        }
        List<Term> terms = new ArrayList<>();
        for (int number : numbers) {
            terms.add(new Term(Rational.of(number), Integer.toString(number)));
        }
        return Optional.ofNullable(search(terms, Rational.of(target)));
    }

    private record Term(Rational value, String text) {
    }

    private static String search(List<Term> terms, Rational target) {
        if (terms.size() == 1) {
            Term only = terms.get(0);
            return only.value().equals(target) ? stripOuterParentheses(only.text()) : null;
        }
        for (int i = 0; i < terms.size(); i++) {
            for (int j = 0; j < terms.size(); j++) {
                if (i == j) {
                    continue;
                }
                Term a = terms.get(i);
                Term b = terms.get(j);
                for (Term combined : combine(a, b, i < j)) {
                    List<Term> rest = new ArrayList<>(terms.size() - 1);
                    for (int k = 0; k < terms.size(); k++) {
                        if (k != i && k != j) {
                            rest.add(terms.get(k));
                        }
                    }
                    rest.add(combined);
                    String found = search(rest, target);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** Returns a op b for each operator; the commutative ones only once per unordered pair. */
    private static List<Term> combine(Term a, Term b, boolean firstOfPair) {
        List<Term> results = new ArrayList<>(4);
        if (firstOfPair) {
            results.add(new Term(a.value().add(b.value()), "(" + a.text() + " + " + b.text() + ")"));
            results.add(new Term(a.value().multiply(b.value()), "(" + a.text() + " * " + b.text() + ")"));
        }
        results.add(new Term(a.value().subtract(b.value()), "(" + a.text() + " - " + b.text() + ")"));
        if (b.value().signum() != 0) {
            results.add(new Term(a.value().divide(b.value()), "(" + a.text() + " / " + b.text() + ")"));
        }
        return results;
    }

    private static String stripOuterParentheses(String text) {
        return text.startsWith("(") && text.endsWith(")") ? text.substring(1, text.length() - 1) : text;
    }
}
