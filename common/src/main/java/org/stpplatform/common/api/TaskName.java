package org.stpplatform.common.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Task whose completions the reward service scores. JSON values are lowercase ("gsm8k"). */
public enum TaskName {
    GSM8K,
    MATH,
    COUNTDOWN;

    /** Returns the JSON and URL form of this task, e.g. {@code "countdown"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a task name, ignoring case.
     *
     * @throws IllegalArgumentException when the name is not a known task; the message lists the known ones
     */
    @JsonCreator
    public static TaskName fromWireName(String value) {
        if (value != null) {
            for (TaskName task : values()) {
                if (task.wireName().equalsIgnoreCase(value.trim())) {
                    return task;
                }
            }
        }
        throw new IllegalArgumentException("unknown task '" + value + "', expected one of " + supportedNames());
    }

    /** Returns the supported wire names joined by commas, for error messages. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(TaskName::wireName).collect(Collectors.joining(", "));
    }
}
