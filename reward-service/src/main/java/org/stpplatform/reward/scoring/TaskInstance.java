package org.stpplatform.reward.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stpplatform.common.api.TaskName;

/**
 * One prompt's reference data.
 *
 * @param task the task whose reward functions apply
 * @param reference the gold answer: for GSM8K the text after {@code ####} or the whole solution, for
 *     MATH the gold answer, for Countdown the JSON text {@code {"numbers":[88,4,32,60],"target":30}}
 * @param numbers Countdown only: the numbers to use, each exactly once; null for other tasks
 * @param target Countdown only: the value the expression must reach; null for other tasks
 */
public record TaskInstance(TaskName task, String reference, List<Integer> numbers, Integer target) {

    public TaskInstance {
        Objects.requireNonNull(task, "task");
        numbers = numbers == null ? null : List.copyOf(numbers);
    }

    /** Creates a GSM8K or MATH instance, or a Countdown instance from its JSON reference. */
    public static TaskInstance parse(TaskName task, String reference) {
        if (task == TaskName.COUNTDOWN && reference != null && reference.strip().startsWith("{")) {
            CountdownReference parsed = CountdownReference.parse(reference);
            return new TaskInstance(task, reference, parsed.numbers(), parsed.target());
        }
        return new TaskInstance(task, reference, null, null);
    }

    /** Creates a Countdown instance; the reference is the canonical JSON text. */
    public static TaskInstance countdown(List<Integer> numbers, int target) {
        return new TaskInstance(TaskName.COUNTDOWN, CountdownReference.toJson(numbers, target), numbers, target);
    }

    /**
     * Numbers and target of a Countdown reference, parsed from {@code {"numbers":[..],"target":..}}
     * by a small hand parser (keys in any order, other keys rejected).
     */
    record CountdownReference(List<Integer> numbers, int target) {

        static String toJson(List<Integer> numbers, int target) {
            StringBuilder json = new StringBuilder("{\"numbers\":[");
            for (int i = 0; i < numbers.size(); i++) {
                json.append(i == 0 ? "" : ",").append(numbers.get(i));
            }
            return json.append("],\"target\":").append(target).append('}').toString();
        }

        /**
         * Parses the JSON form.
         *
         * @throws IllegalArgumentException naming the problem, e.g. a missing {@code target}
         */
        static CountdownReference parse(String json) {
            JsonCursor cursor = new JsonCursor(json);
            List<Integer> numbers = null;
            Integer target = null;
            cursor.expect('{');
            if (!cursor.tryConsume('}')) {
                do {
                    String key = cursor.readString();
                    cursor.expect(':');
                    switch (key) {
                        case "numbers" -> numbers = cursor.readIntArray();
                        case "target" -> target = cursor.readInt();
                        default -> throw new IllegalArgumentException(
                                "unknown key '" + key + "' in Countdown reference, expected numbers and target");
                    }
                } while (cursor.tryConsume(','));
                cursor.expect('}');
            }
            cursor.expectEnd();
            if (numbers == null || numbers.isEmpty()) {
                throw new IllegalArgumentException(
                        "Countdown reference needs a non-empty \"numbers\" array, e.g. {\"numbers\":[88,4,32,60],\"target\":30}");
            }
            if (target == null) {
                throw new IllegalArgumentException(
                        "Countdown reference needs an integer \"target\", e.g. {\"numbers\":[88,4,32,60],\"target\":30}");
            }
            return new CountdownReference(List.copyOf(numbers), target);
        }
    }

    private static final class JsonCursor {
        private final String text;
        private int position;

        JsonCursor(String text) {
            this.text = text;
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        boolean tryConsume(char expected) {
            skipSpace();
            if (position < text.length() && text.charAt(position) == expected) {
                position++;
                return true;
            }
            return false;
        }

        void expect(char expected) {
            if (!tryConsume(expected)) {
                throw invalid("expected '" + expected + "'");
            }
        }

        void expectEnd() {
            skipSpace();
            if (position != text.length()) {
                throw invalid("unexpected text after the object");
            }
        }

        String readString() {
            expect('"');
            int end = text.indexOf('"', position);
            if (end < 0) {
                throw invalid("unterminated string");
            }
            String value = text.substring(position, end);
            position = end + 1;
            return value;
        }

        int readInt() {
            skipSpace();
            int start = position;
            if (position < text.length() && text.charAt(position) == '-') {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))
                    && text.charAt(position) < 128) {
                position++;
            }
            try {
                return Integer.parseInt(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw invalid("expected an integer");
            }
        }

        List<Integer> readIntArray() {
            expect('[');
            List<Integer> values = new ArrayList<>();
            if (tryConsume(']')) {
                return values;
            }
            do {
                values.add(readInt());
            } while (tryConsume(','));
            expect(']');
            return values;
        }

        private IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException("invalid Countdown reference at character " + position + ": "
                    + problem + "; expected JSON like {\"numbers\":[88,4,32,60],\"target\":30}");
        }
    }
}
