package org.stpplatform.deploytests;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the metric names that a PromQL expression or a Grafana variable query reads. */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier that is not part of a number, a dotted name or a Grafana variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][\\w:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private PromQl() {}

    /** Returns the metric names read by a PromQL expression: identifiers that are not functions or keywords. */
    static Set<String> metricNames(String expression) {
        String stripped = STRINGS.matcher(expression).replaceAll("\"\"");
        stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = LABEL_LISTS.matcher(stripped).replaceAll(" ");

        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String name = matcher.group();
            boolean isFunctionCall = stripped.substring(matcher.end()).matches("(?s)\\s*\\(.*");
            if (!isFunctionCall && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Returns the metric name of a Grafana {@code label_values(metric, label)} query, or nothing. */
    static Set<String> variableQueryMetricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = LABEL_VALUES.matcher(query);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
