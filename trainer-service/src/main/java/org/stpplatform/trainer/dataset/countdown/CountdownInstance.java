package org.stpplatform.trainer.dataset.countdown;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One Countdown problem: reach {@code target} with an expression that uses every number exactly
 * once and the operations + - * /. The record does not check that the target is reachable; the
 * solver does.
 *
 * @param numbers the given numbers in prompt order, each positive
 * @param target the value the expression must evaluate to
 */
public record CountdownInstance(List<Integer> numbers, int target) {

    public CountdownInstance {
        if (numbers == null || numbers.size() < 2) {
            throw new IllegalArgumentException("numbers must contain at least 2 values, got " + numbers);
        }
        for (Integer number : numbers) {
            if (number == null || number <= 0) {
                throw new IllegalArgumentException("numbers must be positive integers, got " + numbers);
            }
        }
        numbers = List.copyOf(numbers);
    }

    /**
     * Returns the reference string that the reward service parses for Countdown, for example
     * {@code {"numbers":[44,19,3],"target":75}}.
     */
    public String referenceJson() {
        String list = numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "{\"numbers\":[" + list + "],\"target\":" + target + "}";
    }

    /**
     * Returns the compact question text of the built-in model, for example
     * {@code nums 44 19 3 target 75}.
     */
    public String compactPrompt() {
        String list = numbers.stream().map(String::valueOf).collect(Collectors.joining(" "));
        return "nums " + list + " target " + target;
    }

    /**
     * Returns the question in the wording of the public Countdown prompts, for models with a chat
     * template.
     */
    public String naturalPrompt() {
        String list = numbers.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "Using only the numbers [" + list + "], create an arithmetic expression that evaluates"
                + " to exactly " + target + ". You must use all numbers from the list, and each number"
                + " must be used exactly once. You may use the operations +, -, *, and / as needed.";
    }

    /**
     * Returns a key that ignores the order of the numbers, for example {@code 3,19,44:75}; equal
     * keys mean the same problem.
     */
    public String canonicalKey() {
        List<Integer> sorted = new ArrayList<>(numbers);
        Collections.sort(sorted);
        return sorted.stream().map(String::valueOf).collect(Collectors.joining(",")) + ":" + target;
    }
}
