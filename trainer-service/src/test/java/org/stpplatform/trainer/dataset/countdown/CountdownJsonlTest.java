package org.stpplatform.trainer.dataset.countdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountdownJsonlTest {

    @Test
    void readsBothFormats() throws Exception {
        String text = """
                {"input": "30,100,93", "output": "23"}

                {"nums": [44, 19, 3], "target": 75}
                {"numbers": [1, 2, 3], "target": "6"}
                """;

        List<CountdownInstance> instances = CountdownJsonl.read(new StringReader(text), "mem.jsonl");

        assertThat(instances).containsExactly(
                new CountdownInstance(List.of(30, 100, 93), 23),
                new CountdownInstance(List.of(44, 19, 3), 75),
                new CountdownInstance(List.of(1, 2, 3), 6));
    }

    @Test
    void invalidLineNamesLineAndFormat() {
        String text = """
                {"input": "30,100,93", "output": "23"}
                {"nums": [44, "x", 3], "target": 75}
                """;

        assertThatThrownBy(() -> CountdownJsonl.read(new StringReader(text), "bad.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl line 2")
                .hasMessageContaining("nums must contain integers");
    }

    @Test
    void missingTargetRejected() {
        assertThatThrownBy(() -> CountdownJsonl.parseLine("{\"nums\": [1, 2, 3]}"))
                .hasMessageContaining("missing field 'target'");
        assertThatThrownBy(() -> CountdownJsonl.parseLine("{\"input\": \"1,2,x\", \"output\": \"3\"}"))
                .hasMessageContaining("non-integer value 'x'");
    }

    @Test
    void referenceAndPromptText() {
        CountdownInstance instance = new CountdownInstance(List.of(88, 4, 32), 30);

        assertThat(instance.referenceJson()).isEqualTo("{\"numbers\":[88,4,32],\"target\":30}");
        assertThat(instance.compactPrompt()).isEqualTo("nums 88 4 32 target 30");
    }
}
