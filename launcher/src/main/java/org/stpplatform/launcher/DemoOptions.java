package org.stpplatform.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Options of {@code stp demo}.
 *
 * @param steps RL steps per run
 * @param seeds seeds of prompts, rollouts and masks in run order. Each algorithm runs once per seed, and
 *     all algorithms of one seed use that seed
 * @param algorithms algorithms to run in order: one, or stp, elbo-grpo and diffu-grpo with --compare
 * @param dataset Countdown JSON Lines file of training prompts, or null for generated instances
 * @param distribution generated Countdown distribution: real, small or COUNT:MIN..MAX:MIN..MAX
 * @param dataDir folder of the embedded databases, service logs, checkpoints and reports
 * @param ports fixed ports by service name; a service without one gets a free port
 * @param connect base URLs of already-running services by name; those are not started
 * @param budget run sizes (prompts per step, group size, evaluation size and interval)
 * @param resumeRunId id of a paused run to resume instead of creating a new one, or null
 * @param heapMegabytes maximum Java heap of each started service
 * @param overrides run configuration fields set with {@code --set}, by dotted path, in the order given
 */
public record DemoOptions(
        int steps,
        List<Long> seeds,
        List<String> algorithms,
        Path dataset,
        String distribution,
        Path dataDir,
        Map<String, Integer> ports,
        Map<String, String> connect,
        RunBudget budget,
        String resumeRunId,
        int heapMegabytes,
        Map<String, String> overrides) {

    /** Run configuration fields that the launcher itself sets; {@code --set} may not change them. */
    static final List<String> LAUNCHER_FIELDS = List.of("seed", "rollout", "rewardServiceUrl");

    /** Run configuration fields that have their own option, by path; {@code --set} points to the option. */
    static final Map<String, String> OPTION_FIELDS = Map.of(
            "steps", "--steps",
            "algorithm", "--algorithm or --compare",
            "groupSize", "--group-size",
            "promptsPerStep", "--prompts-per-step",
            "optimizer.learningRate", "--lr",
            "dataset.evalSize", "--eval-size",
            "evaluation.intervalSteps", "--eval-every",
            "dataset.countdownDistribution", "--distribution",
            "dataset.trainPath", "--dataset");

    static final List<String> SERVICES = List.of("reward", "rollout", "trainer");
    static final List<String> ALGORITHMS = List.of("stp", "elbo-grpo", "diffu-grpo");
    /**
     * Distribution of the generated instances: the one the shipped base checkpoint was fine-tuned
     * on, because the tiny model solves too few instances of the real distribution to learn from.
     */
    static final String DEFAULT_DISTRIBUTION = "small";

    static final String USAGE = """
            Usage: stp demo [options]

            Starts reward, rollout and trainer on free localhost ports with embedded databases,
            trains the built-in Countdown model from its base checkpoint with STP-GRPO, streams
            progress, prints a results table and writes a report (HTML, JSON, CSV).

            Options (defaults in brackets):
              --steps N              RL steps per run [30]
              --seed N               seed of prompts, rollouts and masks [7]
              --seeds LIST           comma-separated seeds, e.g. 7,8,9, each listed once; runs every
                                     selected algorithm once per seed (seed outer loop, algorithm inner
                                     loop), each run from the base checkpoint, and adds an across-seeds
                                     table; use instead of --seed [the --seed value]
              --algorithm NAME       stp, elbo-grpo or diffu-grpo [stp]
              --compare              run stp, elbo-grpo and diffu-grpo from the same base checkpoint,
                                     prompts and seeds, and print one side-by-side table
              --dataset FILE         Countdown JSON Lines training prompts, lines like
                                     {"input": "30,100,93", "output": "23"} [generated instances]
              --distribution D       generated instances: small (numbers 1..20, target 10..50, what the
                                     base checkpoint is trained for), real (numbers 1..99,
                                     target 10..100) or COUNT:MIN..MAX:MIN..MAX [small]
              --data-dir DIR         databases, logs, checkpoints and reports [./stp-data]
              --ports LIST           fixed ports, e.g. reward=8081,rollout=8082,trainer=8083 [free ports]
              --connect LIST         use running services instead of starting them,
                                     e.g. trainer=http://127.0.0.1:8083 (loopback URLs only)
              --prompts-per-step N   groups per RL step [16]
              --group-size N         completions per prompt, G [8]
              --eval-size N          held-out prompts of each greedy evaluation [256]
              --eval-every N         steps between evaluations; 0 = before and after only [10]
              --lr X                 AdamW learning rate of the policy update [1e-4]
              --resume RUN_ID        resume a paused run (Ctrl-C pauses the running one)
              --heap-mb N            maximum Java heap of each started service, MiB [768]
              --set PATH=VALUE       set any field of the trainer's run configuration, repeatable, e.g.
                                     --set estimator=elbo_weighted --set generation.temperature=0.7
                                     (VALUE is JSON, or text when it is not JSON)
            """;

    public DemoOptions {
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        if (heapMegabytes < 128) {
            throw new IllegalArgumentException("--heap-mb must be at least 128, got " + heapMegabytes);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is required");
        }
        seeds = List.copyOf(seeds);
        algorithms = List.copyOf(algorithms);
        ports = Map.copyOf(ports);
        connect = Map.copyOf(connect);
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** Parses the arguments after {@code demo}. */
    static DemoOptions parse(List<String> args) {
        int steps = 30;
        long seed = 7;
        List<Long> seeds = null;
        boolean seedGiven = false;
        String algorithm = "stp";
        boolean compare = false;
        Path dataset = null;
        String distribution = DEFAULT_DISTRIBUTION;
        Path dataDir = Path.of("stp-data");
        Map<String, Integer> ports = Map.of();
        Map<String, String> connect = Map.of();
        int promptsPerStep = 16;
        int groupSize = 8;
        int evalSize = 256;
        int evalEvery = 10;
        double learningRate = DemoRunConfig.LEARNING_RATE;
        String resume = null;
        int heap = 768;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--compare")) {
                compare = true;
                continue;
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'; see stp demo --help");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + name + " is missing its value");
            }
            String value = args.get(++i);
            switch (name) {
                case "--steps" -> steps = integer(name, value);
                case "--seed" -> {
                    seed = longInteger(name, value);
                    seedGiven = true;
                }
                case "--seeds" -> seeds = parseSeeds(value);
                case "--algorithm" -> algorithm = algorithmName(value);
                case "--dataset" -> dataset = datasetFile(value);
                case "--distribution" -> distribution = distributionName(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--ports" -> ports = parsePorts(value);
                case "--connect" -> connect = parseConnect(value);
                case "--prompts-per-step" -> promptsPerStep = integer(name, value);
                case "--group-size" -> groupSize = integer(name, value);
                case "--eval-size" -> evalSize = integer(name, value);
                case "--eval-every" -> evalEvery = integer(name, value);
                case "--lr" -> learningRate = decimal(name, value);
                case "--resume" -> resume = value;
                case "--heap-mb" -> heap = integer(name, value);
                case "--set" -> addOverride(overrides, value);
                default -> throw new IllegalArgumentException("unknown option " + name + "; see stp demo --help");
            }
        }
        if (compare && resume != null) {
            throw new IllegalArgumentException("--resume resumes one run and cannot be combined with --compare");
        }
        if (seedGiven && seeds != null) {
            throw new IllegalArgumentException("--seed and --seeds cannot be combined. List every seed in --seeds,"
                    + " e.g. --seeds 7,8,9");
        }
        if (seeds == null) {
            seeds = List.of(seed);
        }
        if (resume != null && seeds.size() > 1) {
            throw new IllegalArgumentException("--resume resumes one run and cannot be combined with several seeds,"
                    + " got --seeds " + joinSeeds(seeds));
        }
        List<String> algorithms = compare ? ALGORITHMS : List.of(algorithm);
        return new DemoOptions(steps, seeds, algorithms, dataset, distribution, dataDir, ports, connect,
                new RunBudget(promptsPerStep, groupSize, evalSize, evalEvery, learningRate), resume, heap, overrides);
    }

    /** Checks before any service starts that the dataset is a readable file. */
    private static Path datasetFile(String value) {
        Path file = Path.of(value);
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            throw new IllegalArgumentException("--dataset " + value + " is not a readable file; pass a Countdown"
                    + " JSON Lines file with lines like {\"input\": \"30,100,93\", \"output\": \"23\"}");
        }
        return file;
    }

    /**
     * Checks the form of a distribution name before any service starts. The trainer checks the
     * ranges themselves.
     */
    private static String distributionName(String value) {
        if (!value.matches("real|small|\\d+:\\d+\\.\\.\\d+:\\d+\\.\\.\\d+")) {
            throw new IllegalArgumentException("--distribution '" + value + "' is invalid: use real, small or"
                    + " COUNT:MIN..MAX:MIN..MAX, e.g. 3:1..20:10..50");
        }
        return value;
    }

    boolean compare() {
        return algorithms.size() > 1;
    }

    /**
     * Adds one {@code --set PATH=VALUE}: PATH is a dotted field path of the run configuration, such
     * as {@code generation.temperature}, and VALUE is JSON or, when it does not parse as JSON, text.
     */
    static void addOverride(Map<String, String> overrides, String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--set '" + text + "' is invalid: expected PATH=VALUE, e.g."
                    + " --set generation.temperature=0.7");
        }
        String path = text.substring(0, equals).trim();
        for (String part : path.split("\\.", -1)) {
            if (!part.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("--set path '" + path + "' is invalid: expected field names"
                        + " separated by dots, e.g. generation.temperature");
            }
        }
        String root = path.split("\\.")[0];
        if (LAUNCHER_FIELDS.contains(root)) {
            throw new IllegalArgumentException("--set cannot change '" + root + "', which the launcher sets"
                    + (root.equals("seed") ? "; use --seed or --seeds" : ""));
        }
        String option = OPTION_FIELDS.get(path);
        if (option != null) {
            throw new IllegalArgumentException("--set " + path + " duplicates an option; use " + option);
        }
        if (overrides.containsKey(path)) {
            throw new IllegalArgumentException("--set " + path + " is given twice; give each path once");
        }
        overrides.put(path, text.substring(equals + 1).trim());
    }

    /** Parses {@code 7,8,9}: integers separated by commas, each seed once. */
    static List<Long> parseSeeds(String text) {
        List<Long> seeds = new ArrayList<>();
        Set<Long> duplicates = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("--seeds '" + text + "' is invalid: expected integers separated"
                        + " by commas, e.g. 7,8,9");
            }
            long seed = longInteger("--seeds", part);
            if (seeds.contains(seed)) {
                duplicates.add(seed);
            }
            seeds.add(seed);
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("--seeds '" + text + "' contains " + joinSeeds(duplicates)
                    + " more than once. List each seed once.");
        }
        return seeds;
    }

    private static String joinSeeds(Collection<Long> seeds) {
        return seeds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs an integer, got '" + value + "'", e);
        }
    }

    private static long longInteger(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs an integer, got '" + value + "'", e);
        }
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs a number, got '" + value + "'", e);
        }
    }

    private static String algorithmName(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!ALGORITHMS.contains(normalized)) {
            throw new IllegalArgumentException("unknown algorithm '" + value + "', expected one of " + ALGORITHMS);
        }
        return normalized;
    }

    /** Parses {@code reward=8081,rollout=8082,trainer=8083}. */
    static Map<String, Integer> parsePorts(String text) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : parsePairs("--ports", text).entrySet()) {
            int port = integer("--ports " + entry.getKey(), entry.getValue());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--ports " + entry.getKey() + "=" + port + " is outside 1..65535");
            }
            for (Map.Entry<String, Integer> earlier : ports.entrySet()) {
                if (earlier.getValue() == port) {
                    throw new IllegalArgumentException("--ports gives port " + port + " to both " + earlier.getKey()
                            + " and " + entry.getKey() + "; each service needs its own port");
                }
            }
            ports.put(entry.getKey(), port);
        }
        return ports;
    }

    /** Parses {@code trainer=http://127.0.0.1:8083,...} and accepts loopback hosts only. */
    static Map<String, String> parseConnect(String text) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : parsePairs("--connect", text).entrySet()) {
            String url = entry.getValue().replaceAll("/+$", "");
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--connect " + entry.getKey() + " has an invalid URL '" + url + "'", e);
            }
            if (!"http".equals(uri.getScheme()) || !Loopback.isLoopbackHost(uri.getHost())) {
                throw new IllegalArgumentException("--connect " + entry.getKey() + "=" + url
                        + " must be an http URL on localhost, 127.0.0.1 or [::1]");
            }
            urls.put(entry.getKey(), url);
        }
        return urls;
    }

    private static Map<String, String> parsePairs(String option, String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] keyValue = part.trim().split("=", 2);
            if (keyValue.length != 2 || keyValue[1].isBlank()) {
                throw new IllegalArgumentException(option + " needs NAME=VALUE pairs separated by commas, got '" + part + "'");
            }
            String service = keyValue[0].trim().toLowerCase(Locale.ROOT);
            if (!SERVICES.contains(service)) {
                unknown.add(service);
            }
            pairs.put(service, keyValue[1].trim());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(option + " names unknown services " + unknown + ", expected " + SERVICES);
        }
        return pairs;
    }

    /**
     * Sizes of each run.
     *
     * @param promptsPerStep groups per RL step
     * @param groupSize completions per prompt, G
     * @param evalSize held-out prompts of each greedy evaluation
     * @param evalEvery steps between evaluations; 0 evaluates before and after training only
     * @param learningRate AdamW learning rate of the policy update
     */
    record RunBudget(int promptsPerStep, int groupSize, int evalSize, int evalEvery, double learningRate) {

        RunBudget {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
            }
            if (promptsPerStep <= 0 || groupSize < 2 || evalSize <= 0 || evalEvery < 0) {
                throw new IllegalArgumentException("--prompts-per-step and --eval-size must be positive, --group-size"
                        + " at least 2 and --eval-every at least 0; got " + promptsPerStep + ", " + evalSize + ", "
                        + groupSize + ", " + evalEvery);
            }
        }
    }
}
