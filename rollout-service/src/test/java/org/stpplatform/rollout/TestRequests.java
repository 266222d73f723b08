package org.stpplatform.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of request bodies for the tiny built-in model. */
final class TestRequests {

    static final String PROMPT = "nums 44 19 3 target 75";

    private TestRequests() {
    }

    /** Settings small enough for fast tests: N 32 in 4 blocks of 8, 2 steps per block. */
    static Map<String, Object> settings(double temperature, Long seed) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("generationLength", 32);
        settings.put("blockLength", 8);
        settings.put("steps", 8);
        settings.put("temperature", temperature);
        settings.put("remasking", "low_confidence");
        if (seed != null) {
            settings.put("seed", seed);
        }
        return settings;
    }

    static Map<String, Object> generate(List<String> prompts, int groupSize, Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> promptBodies = new ArrayList<>();
        for (String prompt : prompts) {
            promptBodies.add(Map.of("text", prompt));
        }
        body.put("prompts", promptBodies);
        body.put("groupSize", groupSize);
        body.put("settings", settings);
        return body;
    }
}
