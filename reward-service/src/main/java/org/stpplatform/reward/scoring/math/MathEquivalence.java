package org.stpplatform.reward.scoring.math;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.stpplatform.reward.scoring.Deadline;
import org.stpplatform.reward.scoring.Rational;
import org.stpplatform.reward.scoring.math.MathAnswer.Bracketed;
import org.stpplatform.reward.scoring.math.MathAnswer.Choice;
import org.stpplatform.reward.scoring.math.MathAnswer.Equation;
import org.stpplatform.reward.scoring.math.MathAnswer.Expression;
import org.stpplatform.reward.scoring.math.MathAnswer.Matrix;
import org.stpplatform.reward.scoring.math.MathAnswer.Text;
import org.stpplatform.reward.scoring.math.MathAnswer.Union;
import org.stpplatform.reward.scoring.math.MathAnswer.UnorderedList;

/**
 * Strict equivalence of two MATH answers: equal normalised strings, or equal structure whose
 * expressions agree at random rational points. Exact rational evaluation decides where it applies,
 * so {@code 0.75} equals {@code \frac{3}{4}} and {@code 0.333} does not equal {@code \frac13};
 * irrational values ({@code \sqrt2}, {@code \pi}, functions) are compared in doubles with a relative
 * tolerance of {@link #RELATIVE_TOLERANCE}.
 */
final class MathEquivalence {

    /**
     * Relative tolerance of double comparisons. Double evaluation of short expressions errs by about
     * 1e-15, so this accepts {@code 2\sqrt2} for {@code \sqrt8} and rejects decimal approximations
     * with fewer than about ten significant digits.
     */
    static final double RELATIVE_TOLERANCE = 1e-10;

    /** Differences below this absolute value count as zero in double comparisons. */
    static final double ABSOLUTE_TOLERANCE = 1e-13;

    /** Evaluation points tried for expressions with variables, and how many must be defined. */
    private static final int MAX_POINTS = 6;
    private static final int REQUIRED_POINTS = 3;

    private MathEquivalence() {
    }

    /** Returns whether the raw answers (boxed contents, not yet normalised) are equivalent. */
    static boolean equivalent(String answer, String gold, Deadline deadline) {
        MathNormalizer.Normalized left = MathNormalizer.normalize(answer, deadline);
        MathNormalizer.Normalized right = MathNormalizer.normalize(gold, deadline);
        if (left.compact().equals(right.compact())) {
            return true;
        }
        return equivalent(MathAnswer.parse(left, deadline), MathAnswer.parse(right, deadline), deadline);
    }

    static boolean equivalent(MathAnswer a, MathAnswer b, Deadline deadline) {
        deadline.check();
        if (a instanceof Equation ea && b instanceof Equation eb) {
            return (equivalent(ea.left(), eb.left(), deadline) && equivalent(ea.right(), eb.right(), deadline))
                    || (equivalent(ea.left(), eb.right(), deadline) && equivalent(ea.right(), eb.left(), deadline));
        }

        if (a instanceof Equation ea && ea.isLabel()) {
            return equivalent(ea.right(), b, deadline);
        }

        if (b instanceof Equation eb && eb.isLabel()) {
            return equivalent(a, eb.right(), deadline);
        }

        if (a instanceof Choice ca && b instanceof Choice cb) {
            return ca.letter() == cb.letter();
        }

        if (a instanceof Text ta && b instanceof Text tb) {
            return ta.value().equalsIgnoreCase(tb.value());
        }

        if (a instanceof Expression xa && b instanceof Expression xb) {
            return expressionsEqual(xa.expression(), xb.expression(), deadline);
        }

        if (a instanceof Bracketed ba && b instanceof Bracketed bb) {
            if (ba.open() != bb.open() || ba.close() != bb.close()) {
                return false;
            }
            return ba.isSet() ? sameMultiset(ba.elements(), bb.elements(), deadline)
                    : sameSequence(ba.elements(), bb.elements(), deadline);
        }

        if (a instanceof UnorderedList la && b instanceof UnorderedList lb) {
            return sameMultiset(la.elements(), lb.elements(), deadline);
        }

        if (a instanceof UnorderedList || b instanceof UnorderedList) {
            return listAgainstBracketed(a, b, deadline);
        }

        if (a instanceof Union ua && b instanceof Union ub) {
            return sameMultiset(ua.parts(), ub.parts(), deadline);
        }

        if (a instanceof Matrix ma && b instanceof Matrix mb) {
            if (ma.rows().size() != mb.rows().size()) {
                return false;
            }
            for (int i = 0; i < ma.rows().size(); i++) {
                if (!sameSequence(ma.rows().get(i), mb.rows().get(i), deadline)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Compares a bare list with another structure. The list {@code 0,3} equals the tuple
     * {@code (0,3)} in order and a set {@code \{3,0\}} in any order. Intervals with a square bracket
     * never equal a bare list.
     */
    private static boolean listAgainstBracketed(MathAnswer a, MathAnswer b, Deadline deadline) {
        UnorderedList list = a instanceof UnorderedList la ? la : (UnorderedList) b;
        MathAnswer other = a instanceof UnorderedList ? b : a;
        if (other instanceof Bracketed bracketed) {
            if (bracketed.isSet()) {
                return sameMultiset(list.elements(), bracketed.elements(), deadline);
            }
            if (bracketed.isParenthesised()) {
                return sameSequence(list.elements(), bracketed.elements(), deadline);
            }
        }
        return false;
    }

    private static boolean sameSequence(List<MathAnswer> a, List<MathAnswer> b, Deadline deadline) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equivalent(a.get(i), b.get(i), deadline)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameMultiset(List<MathAnswer> a, List<MathAnswer> b, Deadline deadline) {
        if (a.size() != b.size()) {
            return false;
        }
        List<MathAnswer> remaining = new ArrayList<>(b);
        for (MathAnswer element : a) {
            int match = -1;
            for (int j = 0; j < remaining.size(); j++) {
                if (equivalent(element, remaining.get(j), deadline)) {
                    match = j;
                    break;
                }
            }
            if (match < 0) {
                return false;
            }
            remaining.remove(match);
        }
        return true;
    }

    /**
     * Compares two expressions at up to {@link #MAX_POINTS} points (one when there are no variables).
     * Points where either side is undefined are skipped; every defined point must agree and at
     * least {@link #REQUIRED_POINTS} must be defined (one without variables).
     */
    static boolean expressionsEqual(MathExpression a, MathExpression b, Deadline deadline) {
        Set<String> names = new LinkedHashSet<>();
        a.collectVariables(names);
        b.collectVariables(names);
        int attempts = names.isEmpty() ? 1 : MAX_POINTS;
        int required = names.isEmpty() ? 1 : REQUIRED_POINTS;
        int defined = 0;
        for (int attempt = 0; attempt < attempts && defined < required; attempt++) {
            Map<String, Rational> point = point(names, attempt);
            Value left = evaluate(a, point, deadline);
            Value right = evaluate(b, point, deadline);
            if (left == null || right == null) {
                continue;
            }
            if (!left.agrees(right)) {
                return false;
            }
            defined++;
        }
        return defined >= required;
    }

    /**
     * Returns the values of a point: positive integers first, then positive fractions, then
     * negative ones, from a fixed seed so that results are reproducible.
     */
    private static Map<String, Rational> point(Set<String> names, int attempt) {
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + attempt);
        Map<String, Rational> point = new HashMap<>();
        for (String name : names) {
            long numerator = 2 + random.nextInt(12);
            long denominator = attempt < 2 ? 1 : 2 + random.nextInt(6);
            Rational value = Rational.of(numerator, denominator);
            point.put(name, attempt >= 4 ? value.negate() : value);
        }
        return point;
    }

    /** A value at one point: exact when possible, else a finite double. */
    private record Value(Rational exact, double approximate) {

        boolean agrees(Value other) {
            if (exact != null && other.exact != null) {
                return exact.equals(other.exact);
            }
            double a = approximate;
            double b = other.approximate;
            double difference = Math.abs(a - b);
            return difference <= ABSOLUTE_TOLERANCE
                    || difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
        }
    }

    /** Returns the value at a point, or null when it is undefined or not finite. */
    private static Value evaluate(MathExpression expression, Map<String, Rational> point, Deadline deadline) {
        try {
            Rational exact = expression.exact(point, deadline);
            return new Value(exact, exact.doubleValue());
        } catch (MathExpression.NotRationalException e) {
            double approximate = expression.approximate(point, deadline);
            return Double.isFinite(approximate) ? new Value(null, approximate) : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
