package org.stpplatform.deploytests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service unpacked from its executable jar and started with its Dockerfile's ENTRYPOINT, as
 * the container image runs it, in a child JVM that listens on a free loopback port. Its output goes to a log file next to the test
 * reports, so that a failing start can be read afterwards.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final StpServices service;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(StpServices service, int port, Path log, Process process) {
        this.service = service;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Unpacks the service's exec jar like its Dockerfile does and starts it with the Dockerfile's
     * ENTRYPOINT, with the given environment, on a free port of 127.0.0.1.
     *
     * @param env environment variables added to the environment inherited from this JVM
     * @param logDir folder for the unpacked application and the service's output
     */
    static ServiceProcess start(StpServices service, Map<String, String> env, Path logDir) {
        Path jar = RepositoryFiles.resolve(service.executableJar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: package the services first, for example with "
                    + "./mvnw -B -pl deploy-tests -am install -DskipTests");
        }
        int port = freePort();
        Path log = logDir.resolve(service.shortName() + ".log");
        // The unpacked copy also keeps the running JVM safe from a rebuild of the module.
        Path appDir = logDir.resolve(service.shortName() + "-app");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> entrypoint = Dockerfile.read(RepositoryFiles.resolve(service.dockerfile())).entrypoint();

        List<String> command = new ArrayList<>();
        command.add(java);
        // A smaller heap, C1 only and the serial collector: these JVMs live for minutes on a
        // shared machine, so a cheap start matters most. -Xmx overrides MaxRAMPercentage.
        command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(appDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().putAll(env);
        try {
            Files.createDirectories(logDir);
            unpack(java, jar, appDir);
            return new ServiceProcess(service, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + command, e);
        }
    }

    /** Extracts an exec jar with Spring Boot's jar tools into {@code appDir}, like the Dockerfiles but in one folder. */
    private static void unpack(String java, Path jar, Path appDir) throws IOException {
        if (Files.exists(appDir)) {
            try (Stream<Path> paths = Files.walk(appDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(),
                "extract", "--launcher", "--destination", appDir.toString())
                .redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                throw new IllegalStateException("extracting " + jar + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /actuator/health/readiness} returns 200, or fails with the log's last lines. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with code " + process.exitValue()
                        + " before it was ready; last log lines:\n" + logTail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The server socket opens late in the start; poll again.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(service.module() + " was not ready within " + timeout
                + "; last log lines:\n" + logTail());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the JVM with SIGTERM, so that Spring shuts down gracefully, and kills it after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
