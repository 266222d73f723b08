package org.stpplatform.reward.scoring.math;

import java.math.BigInteger;
import java.util.List;
import org.stpplatform.reward.scoring.text.PythonText;

/**
 * Port of d1's {@code math500_utils.py} ({@code last_boxed_only_string}, {@code remove_boxed},
 * {@code strip_string} with its helpers, {@code is_equiv}, {@code boxed_in_answer}). Python
 * exceptions are modelled by {@link PythonException} so that callers catch them where the Python
 * code catches them. Each quirk is kept and described where it is coded.
 */
final class ReferenceMath {

    /** A Python exception (AssertionError, IndexError, TypeError, ValueError) raised by the port. */
    static final class PythonException extends Exception {
        private static final long serialVersionUID = 1L;

        PythonException(String message) {
            super(message, null, false, false);
        }
    }

    private ReferenceMath() {
    }

    /**
     * Returns {@code last_boxed_only_string}: the last {@code \boxed} (else {@code \fbox}) group with
     * braces counted from that position, or null when it never closes. Quirks: any
     * {@code "\boxed "} in the text wins and takes the text up to the next {@code $}; without a box
     * the whole string is returned; escaped braces are counted like any other brace.
     */
    static String lastBoxedOnlyString(String string) {
        int idx = string.lastIndexOf("\\boxed");
        if (string.contains("\\boxed ")) {
            return "\\boxed " + PythonText.firstPart(PythonText.lastPart(string, "\\boxed "), "$");
        }

        if (idx < 0) {
            idx = string.lastIndexOf("\\fbox");
            if (idx < 0) {
                return string;
            }
        }

        int open = 0;
        for (int i = idx; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c == '{') {
                open++;
            }
            if (c == '}') {
                open--;
                if (open == 0) {
                    return string.substring(idx, i + 1);
                }
            }
        }
        return null;
    }

    /**
     * Returns {@code remove_boxed}. Quirk: an {@code \fbox{...}} group is returned unchanged, so it
     * never equals a plain gold answer.
     *
     * @throws PythonException TypeError for null, AssertionError for a {@code "\boxed "} that does
     *     not start the string
     */
    static String removeBoxed(String s) throws PythonException {
        if (s == null) {
            throw new PythonException("TypeError: argument of type 'NoneType' is not iterable");
        }

        if (s.contains("\\boxed ")) {
            if (!s.startsWith("\\boxed ")) {
                throw new PythonException("AssertionError");
            }
            return s.substring("\\boxed ".length());
        }

        String left = "\\boxed{";
        if (s.startsWith(left) && !s.isEmpty() && s.charAt(s.length() - 1) == '}') {
            return s.substring(left.length(), s.length() - 1);
        }
        return s;
    }

    /**
     * Returns {@code is_equiv}: both strings normalised by {@link #stripString} and compared; when
     * normalising raises, the raw strings are compared instead.
     */
    static boolean isEquiv(String a, String b) {
        try {
            return stripString(a).equals(stripString(b));
        } catch (PythonException e) {
            return a.equals(b);
        }
    }

    /**
     * Returns {@code boxed_in_answer}: 1.0 when the text has an {@code <answer>} tag, plus 1.0 when
     * the searched text contains {@code "\boxed"}, else 0.5. Quirk: the searched text is the part
     * between the first and the second {@code <answer>} tag, cut at the first {@code </answer>}, and
     * d1 writes the needle as the Python literal {@code "\boxed"}, which is a backspace (U+0008)
     * followed by {@code "oxed"}; real completions never contain it, so the second term is 0.5.
     */
    static double boxedInAnswer(String response) {
        double reward = 0.0;
        String searched = response;
        List<String> parts = PythonText.split(response, "<answer>");
        if (parts.size() > 1) {
            searched = PythonText.firstPart(parts.get(1), "</answer>");
            reward += 1.0;
        }
        reward += searched.contains("\boxed") ? 1.0 : 0.5;
        return reward;
    }

    /** Returns {@code strip_string}, raising where the Python function raises. */
    static String stripString(String string) throws PythonException {
        string = string.replace("\n", "");
        string = string.replace("\\!", "");
        string = string.replace("\\\\", "\\");
        string = string.replace("tfrac", "frac");
        string = string.replace("dfrac", "frac");
        string = string.replace("\\left", "");
        string = string.replace("\\right", "");
        string = string.replace("^{\\circ}", "");
        string = string.replace("^\\circ", "");
        string = string.replace("\\$", "");
        string = removeRightUnits(string);
        // Both replacements of the Python code remove "\%": its literal "\%" keeps the backslash.
        string = string.replace("\\%", "");
        string = string.replace(" .", " 0.");
        string = string.replace("{.", "{0.");
        if (string.isEmpty()) {
            return string;
        }

        if (string.charAt(0) == '.') {
            string = "0" + string;
        }
        // Drops a short left-hand side such as "k = " when the string has exactly one "=".
        List<String> sides = PythonText.split(string, "=");
        if (sides.size() == 2 && sides.get(0).codePointCount(0, sides.get(0).length()) <= 2) {
            string = sides.get(1);
        }
        string = fixSqrt(string);
        string = string.replace(" ", "");
        string = fixFracs(string);
        if (string.equals("0.5")) {
            string = "\\frac{1}{2}";
        }
        string = fixASlashB(string);
        return string;
    }

    /** Quirk: everything from {@code "\text{ "} on is dropped, and a second one raises. */
    private static String removeRightUnits(String string) throws PythonException {
        if (string.contains("\\text{ ")) {
            List<String> splits = PythonText.split(string, "\\text{ ");
            if (splits.size() != 2) {
                throw new PythonException("AssertionError");
            }
            return splits.get(0);
        }
        return string;
    }

    /** Quirk: {@code "\sqrt"} at the very end raises IndexError. */
    private static String fixSqrt(String string) throws PythonException {
        if (!string.contains("\\sqrt")) {
            return string;
        }
        List<String> splits = PythonText.split(string, "\\sqrt");
        StringBuilder out = new StringBuilder(splits.get(0));
        for (String split : splits.subList(1, splits.size())) {
            if (split.isEmpty()) {
                throw new PythonException("IndexError: string index out of range");
            }
            if (split.charAt(0) != '{') {
                out.append("\\sqrt{").append(split.charAt(0)).append('}').append(split, 1, split.length());
            } else {
                out.append("\\sqrt").append(split);
            }
        }
        return out.toString();
    }

    /**
     * Rewrites {@code \frac12} as {@code \frac{1}{2}}. Quirks: an empty part after {@code \frac}
     * raises IndexError, and a one-character part returns the whole input unchanged.
     */
    private static String fixFracs(String string) throws PythonException {
        List<String> substrs = PythonText.split(string, "\\frac");
        StringBuilder out = new StringBuilder(substrs.get(0));
        for (String substr : substrs.subList(1, substrs.size())) {
            out.append("\\frac");
            if (substr.isEmpty()) {
                throw new PythonException("IndexError: string index out of range");
            }
            if (substr.charAt(0) == '{') {
                out.append(substr);
                continue;
            }
            if (substr.length() < 2) {
                return string;
            }
            char a = substr.charAt(0);
            char b = substr.charAt(1);
            if (b != '{') {
                out.append('{').append(a).append("}{").append(b).append('}').append(substr, 2, substr.length());
            } else {
                out.append('{').append(a).append('}').append(b).append(substr, 2, substr.length());
            }
        }
        return out.toString();
    }

    /**
     * Rewrites {@code a/b} of two integers as {@code \frac{a}{b}}. Quirk: Python's {@code int()}
     * raises ValueError for a non-integer side, which the function does not catch, so
     * {@link #isEquiv} falls back to comparing the raw strings.
     */
    private static String fixASlashB(String string) throws PythonException {
        List<String> parts = PythonText.split(string, "/");
        if (parts.size() != 2) {
            return string;
        }
        BigInteger a = pythonInt(parts.get(0));
        BigInteger b = pythonInt(parts.get(1));
        if (!string.equals(a + "/" + b)) {
            return string;
        }
        return "\\frac{" + a + "}{" + b + "}";
    }

    /**
     * Returns Python's {@code int(text)} for a base-10 string: optional whitespace and sign, Unicode
     * decimal digits, single underscores between digits.
     */
    static BigInteger pythonInt(String text) throws PythonException {
        String s = PythonText.strip(text);
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder();
        boolean previousUnderscore = true;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (c == '_' && !previousUnderscore) {
                previousUnderscore = true;
            } else if (PythonText.isDecimalDigit(c)) {
                digits.append((char) ('0' + Character.digit(c, 10)));
                previousUnderscore = false;
            } else {
                throw new PythonException("ValueError: invalid literal for int()");
            }
            i += Character.charCount(c);
        }

        if (digits.length() == 0 || previousUnderscore) {
            throw new PythonException("ValueError: invalid literal for int()");
        }
        BigInteger value = new BigInteger(digits.toString());
        return negative ? value.negate() : value;
    }
}
