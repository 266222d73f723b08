package org.stpplatform.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.RewardScorer;
import org.stpplatform.reward.scoring.Score;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;

/**
 * In-process cost of {@link RewardScorer#score} per task on one thread, with completions of about
 * 1 KB (reasoning text, then the answer) drawn round-robin from a fixed pool that mixes correct,
 * wrong and unparseable answers. Throughput mode gives completions per second per core; sample-time
 * mode gives the latency percentiles of single completions. Both report in microseconds, so a
 * throughput of 0.1 ops/us is 100,000 completions per second.
 *
 * <p>Run: {@code ./mvnw -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar Scoring}. The annotations keep the run to a few minutes; add
 * JMH options such as {@code -f 3 -i 10} for tighter error bars.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {

    /** Number of completions in each task's pool, which is cycled so that branch predictors see a mix. */
    static final int POOL_SIZE = 512;

    /** Approximate completion length in characters. */
    static final int COMPLETION_CHARS = 1024;

    @Param({"STRICT", "REFERENCE"})
    public ScoringMode mode;

    private RewardScorer scorer;
    private List<Item> gsm8k;
    private List<Item> math;
    private List<Item> countdown;
    private int next;

    /** One completion with its task instance. */
    record Item(TaskInstance instance, String completion) {
    }

    @Setup(Level.Trial)
    public void setUp() {
        scorer = new RewardScorer(mode, Duration.ofSeconds(1));
        SplittableRandom random = new SplittableRandom(20_261_204L);
        gsm8k = gsm8kPool(random);
        math = mathPool(random);
        countdown = countdownPool(random);
    }

    @Benchmark
    public Score gsm8k() {
        return score(gsm8k);
    }

    @Benchmark
    public Score math() {
        return score(math);
    }

    @Benchmark
    public Score countdown() {
        return score(countdown);
    }

    private Score score(List<Item> pool) {
        Item item = pool.get(next);
        next = (next + 1) % pool.size();
        return scorer.score(item.instance(), item.completion());
    }

    /** Returns about {@link #COMPLETION_CHARS} characters of reasoning followed by {@code answer}. */
    static String completion(SplittableRandom random, String answer) {
        StringBuilder text = new StringBuilder(COMPLETION_CHARS + answer.length() + 64);
        text.append("<reasoning>\n");
        while (text.length() < COMPLETION_CHARS - answer.length() - 40) {
            int a = 2 + random.nextInt(98);
            int b = 2 + random.nextInt(98);
            text.append("First, ").append(a).append(" + ").append(b).append(" = ").append(a + b)
                    .append(", and then we compare it with ").append(a * b).append(". ");
        }
        text.append("\n</reasoning>\n<answer>\n").append(answer).append("\n</answer>\n");
        return text.toString();
    }

    static List<Item> gsm8kPool(SplittableRandom random) {
        String[][] answers = {
            {"42", "42"}, {"$1,250.00", "1250"}, {"The answer is 18 dollars.", "18"}, {"-7", "-7"},
            {"43", "42"}, {"0.75", "3/4"}, {"**96**", "96"}, {"no idea", "5"},
        };
        List<Item> pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            String[] pair = answers[i % answers.length];
            pool.add(new Item(TaskInstance.parse(TaskName.GSM8K, pair[1]), completion(random, pair[0])));
        }
        return pool;
    }

    static List<Item> mathPool(SplittableRandom random) {
        String[][] answers = {
            {"\\boxed{\\frac{3}{4}}", "0.75"}, {"\\boxed{(2, 5]}", "(2,5]"}, {"\\boxed{(x+1)^2}", "x^2+2x+1"},
            {"\\boxed{2\\sqrt{2}}", "\\sqrt{8}"}, {"\\boxed{12,500}", "12500"}, {"\\boxed{\\text{(B)}}", "B"},
            {"\\boxed{3.1\\times10^{-4}}", ".00031"}, {"\\boxed{\\frac{1}{5}}", "\\frac{1}{2}"},
            {"\\boxed{x = 5}", "5"}, {"\\boxed{3, 1, 2}", "1,2,3"}, {"\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}",
                "\\begin{pmatrix}1\\\\2\\end{pmatrix}"}, {"\\boxed{5", "5"},
        };
        List<Item> pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            String[] pair = answers[i % answers.length];
            pool.add(new Item(TaskInstance.parse(TaskName.MATH, pair[1]), completion(random, pair[0])));
        }
        return pool;
    }

    static List<Item> countdownPool(SplittableRandom random) {
        String[] answers = {"60 - (88 + 32) / 4", "(88 + 32) / 4 - 60", "60 - 88 + 32 / 4", "60 - (88 + 32) // 4",
            "60 \\times 4 - 88 - 32", "60 - (88 + 32) / 4 = 30"};
        TaskInstance instance = TaskInstance.countdown(List.of(88, 4, 32, 60), 30);
        List<Item> pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(new Item(instance, completion(random, answers[i % answers.length])));
        }
        return pool;
    }
}
