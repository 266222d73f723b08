package org.stpplatform.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.testsupport.PublicDatasets;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;

class JsonlTaskReaderTest {

    @TempDir
    Path dir;

    @Test
    void gsm8kReferenceIsTextAfterMarker() throws IOException {
        Path file = write("gsm8k.jsonl", """
                {"question": "Tom has 3 apples and buys 4. How many?", "answer": "3+4=<<3+4=7>>7\\n#### 7"}

                {"question": "No marker", "answer": "12"}
                """);

        List<TaskExample> examples = JsonlTaskReader.read(file, TaskName.GSM8K, "train-", CountdownInstance::compactPrompt);

        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).id()).isEqualTo("train-0");
        assertThat(examples.get(0).reference()).isEqualTo("7");
        assertThat(examples.get(1).id()).isEqualTo("train-1");
        assertThat(examples.get(1).reference()).isEqualTo("12");
    }

    @Test
    void mathReferenceFallsBackToLastBoxed() throws IOException {
        Path file = write("math.jsonl", """
                {"problem": "p1", "solution": "so \\\\boxed{1} then \\\\boxed{\\\\frac{1}{2}}"}
                {"problem": "p2", "solution": "ignored", "answer": "42"}
                """);

        List<TaskExample> examples = JsonlTaskReader.read(file, TaskName.MATH, "eval-", CountdownInstance::compactPrompt);

        assertThat(examples.get(0).reference()).isEqualTo("\\frac{1}{2}");
        assertThat(examples.get(1).reference()).isEqualTo("42");
    }

    @Test
    void countdownLinesBecomeReferenceJson() throws IOException {
        Path file = write("countdown.jsonl", """
                {"input": "30,100,93", "output": "23"}
                {"nums": [4, 5, 6], "target": 26}
                """);

        List<TaskExample> examples = JsonlTaskReader.read(file, TaskName.COUNTDOWN, "train-",
                CountdownInstance::compactPrompt);

        assertThat(examples.get(0).question()).isEqualTo("nums 30 100 93 target 23");
        assertThat(examples.get(0).reference()).isEqualTo("{\"numbers\":[30,100,93],\"target\":23}");
        assertThat(examples.get(1).reference()).isEqualTo("{\"numbers\":[4,5,6],\"target\":26}");
    }

    @Test
    void invalidLineNamesFileAndLine() throws IOException {
        Path file = write("bad.jsonl", """
                {"question": "q", "answer": "#### 1"}
                {"question": "missing answer"}
                """);

        assertThatThrownBy(() -> JsonlTaskReader.read(file, TaskName.GSM8K, "train-", CountdownInstance::compactPrompt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl line 2")
                .hasMessageContaining("answer");
    }

    @Test
    void publicGsm8kAndMathFilesParse() throws IOException {
        Optional<Path> gsm8k = PublicDatasets.file("gsm8k_test.jsonl");
        Optional<Path> math = PublicDatasets.file("math500_test_prm800k.jsonl");
        assumeTrue(gsm8k.isPresent() && math.isPresent(), PublicDatasets.MISSING_MESSAGE);

        List<TaskExample> gsm8kExamples = JsonlTaskReader.read(gsm8k.get(), TaskName.GSM8K, "eval-",
                CountdownInstance::compactPrompt);
        List<TaskExample> mathExamples = JsonlTaskReader.read(math.get(), TaskName.MATH, "eval-",
                CountdownInstance::compactPrompt);

        assertThat(gsm8kExamples).hasSize(1319);
        assertThat(gsm8kExamples.get(0).reference()).isEqualTo("18");
        assertThat(mathExamples).hasSize(500);
        assertThat(mathExamples).allSatisfy(example -> assertThat(example.reference()).isNotBlank());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
