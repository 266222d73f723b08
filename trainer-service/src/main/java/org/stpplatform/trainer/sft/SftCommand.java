package org.stpplatform.trainer.sft;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;

/**
 * Command line of the supervised training that makes the built-in model's base checkpoint, also
 * reachable as {@code ./stp sft ...}.
 *
 * <pre>
 * sft --output DIR [--steps N --batch N --lr X --distribution real|small|COUNT:MIN..MAX:MIN..MAX ...]
 * sft --evaluate --checkpoint DIR [--dataset FILE.jsonl | --distribution D] [--eval-size N]
 * </pre>
 */
public final class SftCommand {

    static final String USAGE = """
            Usage:
              sft --output DIR [options]           train the built-in Countdown model from scratch
              sft --evaluate --checkpoint DIR      evaluate a checkpoint on held-out instances
                  [--dataset FILE.jsonl]           ... or on a Countdown JSON Lines file

            Training options (defaults in brackets):
              --model NAME             built-in model configuration [countdown-tiny]
              --init DIR               start from this checkpoint instead of a random init
              --distribution D         real (numbers 1..99, target 10..100), small (1..20, 10..50)
                                       or COUNT:MIN..MAX:MIN..MAX [real]
              --train-size N           generated training instances [200000]
              --flaw F                 systematic error in a share of the traces: none,
                                       no-answer or no-parentheses [none]
              --flaw-share X           share of training traces with the flaw [0]
              --steps N                optimizer steps [12000]
              --batch N                sequences per step [32]
              --lr X                   peak learning rate [0.001]
              --warmup N               linear warm-up steps [300]
              --min-lr-ratio X         final learning rate as a share of the peak [0.1]
              --weight-decay X         AdamW decoupled weight decay [0.01]
              --clip X                 global gradient-norm clip, 0 = off [1.0]
              --generation-length N    completion positions, trace plus EOS padding [48]
              --block-length N         decoding block length for evaluation [16]
              --decoding-steps N       denoising steps for evaluation [24]
              --eval-every N           steps between held-out evaluations, 0 = end only [1000]
              --eval-size N            held-out prompts decoded greedily [200]
              --group-prompts N        held-out prompts sampled as groups [64]
              --group-size N           completions per group [6]
              --group-temperature X    sampling temperature of the groups [0.9]
              --checkpoint-every N     steps between intermediate checkpoints, 0 = none [1000]
              --log-every N            steps between progress lines [50]
              --max-minutes X          stop after this many minutes, 0 = no limit [0]
              --seed N                 seed of data, init, masking and decoding [1]
            """;

    private static final Set<String> FLAGS = Set.of("--evaluate", "--help");

    private SftCommand() {
    }

    public static void main(String[] args) throws Exception {
        SftRuntime.configureDefaults();
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sft: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.containsKey("--help")) {
            System.out.print(USAGE);
            return;
        }
        if (options.isEmpty()) {
            System.err.println("sft: missing --output DIR to train, or --evaluate --checkpoint DIR to evaluate");
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            if (options.containsKey("--evaluate")) {
                SftEvaluateCommand.run(options);
            } else {
                SftSettings settings = settings(options);
                new SftTrainer(settings, SftRuntime.modelConfig(settings.modelName()), SftRuntime.tokenizer(),
                        SftRuntime.TOKENIZER_NAME, commandLine(args)).run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sft: " + e.getMessage());
            System.exit(2);
        } catch (java.io.IOException e) {
            System.err.println("sft: " + e.getMessage());
            System.exit(1);
        }
    }

    static SftSettings settings(Map<String, String> options) {
        Options o = new Options(options);
        SftSettings settings;
        try {
            settings = new SftSettings(
                    o.text("--model", "countdown-tiny"),
                    o.path("--init"),
                    CountdownDistribution.parse(o.text("--distribution", "real")),
                    o.integer("--train-size", 200_000),
                    TraceFlaw.parse(o.text("--flaw", "none")),
                    o.decimal("--flaw-share", 0),
                    o.integer("--steps", 12_000),
                    o.integer("--batch", 32),
                    o.decimal("--lr", 1e-3),
                    o.integer("--warmup", 300),
                    o.decimal("--min-lr-ratio", 0.1),
                    o.decimal("--weight-decay", 0.01),
                    o.decimal("--clip", 1.0),
                    o.integer("--generation-length", 48),
                    o.integer("--block-length", 16),
                    o.integer("--decoding-steps", 24),
                    o.integer("--eval-every", 1000),
                    o.integer("--eval-size", 200),
                    o.integer("--group-prompts", 64),
                    o.integer("--group-size", 6),
                    o.decimal("--group-temperature", 0.9),
                    o.integer("--checkpoint-every", 1000),
                    o.integer("--log-every", 50),
                    o.decimal("--max-minutes", 0),
                    o.integer("--seed", 1),
                    o.path("--output"));
        } catch (IllegalArgumentException invalid) {
            rejectUndocumented(options);
            throw invalid;
        }
        o.rejectUnused();
        return settings;
    }

    /**
     * Rejects an option that the usage text does not list, so that a misspelt option is named
     * before any error about a missing or invalid setting.
     */
    static void rejectUndocumented(Map<String, String> options) {
        java.util.regex.Matcher listed = java.util.regex.Pattern.compile("(--[a-z][a-z-]*)").matcher(USAGE);
        Set<String> documented = new java.util.HashSet<>();
        while (listed.find()) {
            documented.add(listed.group(1));
        }
        for (String name : options.keySet()) {
            if (!documented.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "; see ./stp sft --help");
            }
        }
    }

    /** Parses {@code --name value} pairs and the value-less flags. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'; options start with --");
            }
            if (FLAGS.contains(name)) {
                options.put(name, "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " is missing its value");
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static List<String> commandLine(String[] args) {
        List<String> command = new ArrayList<>();
        command.add("sft");
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Typed access to parsed options that remembers which ones were read. */
    static final class Options {

        private final Map<String, String> values;
        private final Set<String> used = new java.util.HashSet<>(FLAGS);

        Options(Map<String, String> values) {
            this.values = values;
        }

        String text(String name, String fallback) {
            used.add(name);
            return values.getOrDefault(name, fallback);
        }

        Path path(String name) {
            used.add(name);
            String value = values.get(name);
            return value == null ? null : Path.of(value);
        }

        int integer(String name, int fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + " needs an integer, got '" + value + "'", e);
            }
        }

        double decimal(String name, double fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + " needs a number, got '" + value + "'", e);
            }
        }

        /** Rejects options that no setting read, so that a typo never passes silently. */
        void rejectUnused() {
            for (String name : values.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name + "; see ./stp sft --help");
                }
            }
        }
    }
}
