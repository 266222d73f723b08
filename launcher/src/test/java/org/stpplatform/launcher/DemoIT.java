package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end tests of {@code stp demo}: the launcher's executable jar starts the three services'
 * executable jars as child processes with embedded PostgreSQL under a temporary data folder and
 * trains the built-in model for a few steps on a reduced budget.
 */
class DemoIT {

    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(8);
    private static final List<String> SMALL_BUDGET = List.of("--prompts-per-step", "2", "--group-size", "4",
            "--eval-size", "8", "--eval-every", "0", "--heap-mb", "640");

    @TempDir
    Path dataDir;

    @Test
    void twoStepDemoWritesReport() throws Exception {
        Path output = dataDir.resolve("demo.out");
        List<String> args = new ArrayList<>(List.of("demo", "--steps", "2", "--seed", "3", "--data-dir", dataDir.toString()));
        args.addAll(SMALL_BUDGET);

        Process launcher = startLauncher(args, output);
        boolean exited = launcher.waitFor(DEMO_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String text = Files.readString(output);

        assertThat(exited).as("demo finished within %s; output:%n%s", DEMO_TIMEOUT, text).isTrue();
        assertThat(launcher.exitValue()).as(text).isZero();
        assertThat(text).contains("reward service ready", "rollout service ready", "trainer service ready",
                "stopping services", "report written to");
        assertNoChildLeft(launcher);

        Path report = reportFolder();
        assertThat(report.resolve("index.html")).exists();
        assertThat(Files.readString(report.resolve("index.html"))).contains("<svg");
        JsonNode json = TrainerClient.JSON.readTree(Files.readString(report.resolve("report.json")));
        JsonNode run = json.path("runs").get(0);
        assertThat(run.path("state").asString()).isEqualTo("completed");
        assertThat(run.path("steps")).hasSize(2);
        assertThat(run.path("steps").get(1).path("step").asInt()).isEqualTo(2);
        assertThat(run.path("evaluations").size()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readAllLines(report.resolve("steps.csv"))).hasSize(3);
    }

    @Test
    void interruptLeavesResumableRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree"
                + " (for example under a background job of a non-interactive shell), so the launcher cannot"
                + " receive it; run the tests in the foreground");
        Path output = dataDir.resolve("interrupted.out");
        // Enough steps that the run is still in progress when the signal arrives: a step whose
        // groups all have equal rewards makes no update and takes about a second.
        List<String> args = new ArrayList<>(List.of("demo", "--steps", "20", "--seed", "5", "--data-dir",
                dataDir.toString()));
        args.addAll(SMALL_BUDGET);
        Process launcher = startLauncher(args, output);

        String runId = awaitRunId(output, launcher, DEMO_TIMEOUT);
        List<ProcessHandle> children = launcher.descendants().toList();
        assertThat(children).isNotEmpty();
        new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();

        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("launcher exits after SIGINT").isTrue();
        String text = Files.readString(output);
        assertThat(text).contains("paused run " + runId, "services stopped");
        for (ProcessHandle child : children) {
            assertThat(child.isAlive()).as("child %d (%s) after SIGINT", child.pid(), child.info().command()).isFalse();
        }
        assertNoChildLeft(launcher);

        // The paused run is stored in the trainer's database, so a new launcher can finish it.
        Path resumeOutput = dataDir.resolve("resumed.out");
        Process resume = startLauncher(List.of("demo", "--data-dir", dataDir.toString(), "--resume", runId,
                "--heap-mb", "640"), resumeOutput);
        assertThat(resume.waitFor(DEMO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String resumed = Files.readString(resumeOutput);
        assertThat(resume.exitValue()).as(resumed).isZero();
        assertThat(resumed).contains("resumed run " + runId, "ended completed");
        assertNoChildLeft(resume);
    }

    @Test
    void interruptDuringStartupStopsServices() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree");
        Path output = dataDir.resolve("startup-interrupted.out");
        List<String> args = new ArrayList<>(List.of("demo", "--steps", "2", "--data-dir", dataDir.toString()));
        args.addAll(SMALL_BUDGET);
        Process launcher = startLauncher(args, output);

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(output).contains("starting trainer service") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        String beforeSignal = Files.readString(output);
        assertThat(beforeSignal).contains("starting trainer service").doesNotContain("trainer service ready");
        new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();

        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("launcher exits after SIGINT").isTrue();
        assertThat(Files.readString(output)).contains("services stopped");
        assertNoChildLeft(launcher);
    }

    /**
     * Returns whether this JVM inherited SIGINT as ignored (bit 2 of SigIgn in /proc/self/status).
     * Children inherit that disposition, and a JVM that starts with SIGINT ignored never handles it.
     */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private Process startLauncher(List<String> args, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dstp.home=" + home(), "-jar", launcherJar()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private static String awaitRunId(Path output, Process launcher, Duration timeout) throws Exception {
        Pattern created = Pattern.compile("created run (\\S+)");
        Pattern completedStep = Pattern.compile("step \\d+/\\d+ \\|");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && launcher.isAlive()) {
            String text = Files.readString(output);
            Matcher matcher = created.matcher(text);
            // The progress line of a fast step can be skipped, so any completed step counts.
            if (matcher.find() && completedStep.matcher(text).find()) {
                return matcher.group(1);
            }
            Thread.sleep(500);
        }
        launcher.destroyForcibly();
        throw new AssertionError("no completed first step within " + timeout + "; output:\n" + Files.readString(output));
    }

    /**
     * Asserts that no process still names the data folder on its command line: the services get
     * {@code --stp.data-dir=DIR} and their embedded PostgreSQL servers keep their data under it.
     */
    private void assertNoChildLeft(Process launcher) throws InterruptedException {
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String folder = dataDir.toAbsolutePath().toString();
        Instant deadline = Instant.now().plusSeconds(20);
        List<String> left = processesUsing(folder);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            left = processesUsing(folder);
        }
        assertThat(left).as("processes using %s", folder).isEmpty();
    }

    private static List<String> processesUsing(String folder) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .map(handle -> handle.pid() + " " + handle.info().commandLine().orElse(""))
                .toList();
    }

    private Path reportFolder() throws IOException {
        try (Stream<Path> reports = Files.list(dataDir.resolve("reports"))) {
            List<Path> folders = reports.toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }

    private static String launcherJar() {
        return System.getProperty("stp.launcher.jar");
    }

    private static String home() {
        return System.getProperty("stp.home");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
