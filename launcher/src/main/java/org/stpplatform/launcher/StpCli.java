package org.stpplatform.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code ./stp}: dispatches to the subcommands. */
public final class StpCli {

    static final String USAGE = """
            Usage: ./stp COMMAND [options]

            Commands:
              demo     start the services and train the built-in Countdown model with STP-GRPO;
                       see ./stp demo --help
              sft      supervised training or evaluation of the built-in model's base checkpoint;
                       see ./stp sft --help
              help     print this text
            """;

    private StpCli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")
                || args.get(0).equals("-h")) {
            System.out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (!command.equals("demo")) {
            System.err.println("stp: unknown command '" + command + "'");
            System.err.print(USAGE);
            return 2;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(DemoOptions.USAGE);
            return 0;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("stp: " + e.getMessage());
            return 2;
        }
        return new DemoCommand(options, home(), System.out).run();
    }

    /** Returns the repository root: the {@code stp.home} property set by ./stp, else the working folder. */
    static Path home() {
        String home = System.getProperty("stp.home");
        return (home != null ? Path.of(home) : Path.of("")).toAbsolutePath().normalize();
    }
}
