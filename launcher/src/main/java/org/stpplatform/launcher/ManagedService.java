package org.stpplatform.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service: either a child JVM started from its executable jar, or an already-running
 * instance reached by URL. Started children run in their own session (through {@code setsid}
 * when available), so a Ctrl-C in the terminal reaches only the launcher, which then stops them
 * in order.
 */
final class ManagedService {

    /** Time a stopped service gets for its graceful shutdown before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(40);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final String baseUrl;
    private final Process process;
    private final Path logFile;

    private ManagedService(String name, String baseUrl, Process process, Path logFile) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.process = process;
        this.logFile = logFile;
    }

    static ManagedService connect(String name, String baseUrl) {
        return new ManagedService(name, baseUrl, null, null);
    }

    /**
     * Starts {@code java -jar jar} bound to 127.0.0.1:port, logging to {@code logFile}.
     *
     * @param properties Spring Boot properties passed as {@code --key=value} arguments
     */
    static ManagedService start(String name, Path jar, int port, int heapMegabytes, Path logFile,
            List<String> properties) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(javaExecutable());
        command.add("-Xmx" + heapMegabytes + "m");
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=" + Loopback.HOST);
        command.addAll(properties);

        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process process = builder.start();
        return new ManagedService(name, "http://" + Loopback.HOST + ":" + port, process, logFile);
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    boolean started() {
        return process != null;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Polls {@code /actuator/health} until it reports UP.
     *
     * @throws IOException when the child exits or the timeout passes first; the message names the log
     */
    void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IOException(name + " service exited with status " + process.exitValue()
                        + " before it was ready; see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The server is still starting; poll again.
            }
            Thread.sleep(500);
        }
        throw new IOException(name + " service at " + baseUrl + " was not ready within " + timeout.toSeconds()
                + " s" + (logFile != null ? "; see " + logFile : ""));
    }

    /**
     * Stops a started child: SIGTERM (Spring Boot shuts down gracefully and stops its embedded
     * PostgreSQL), then a kill after {@link #STOP_GRACE}. Descendants that outlive the service,
     * such as an orphaned embedded PostgreSQL, are killed too. Does nothing for a connected service.
     */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println("stp: " + name + " did not stop within " + STOP_GRACE.toSeconds() + " s, killing it");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroy();
                descendant.onExit().completeOnTimeout(descendant, 5, TimeUnit.SECONDS).join();
                if (descendant.isAlive()) {
                    descendant.destroyForcibly();
                }
            }
        }
    }

    /** Returns the process ids of the started child and its descendants; empty when connected. */
    List<Long> processIds() {
        List<Long> ids = new ArrayList<>();
        if (process != null) {
            ids.add(process.pid());
            process.descendants().forEach(handle -> ids.add(handle.pid()));
        }
        return ids;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
