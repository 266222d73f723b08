package org.stpplatform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The reward, rollout and trainer services of one demo: started as child processes from their
 * executable jars, or connected by URL. Stops what it started in reverse order.
 */
final class ServiceCluster {

    /**
     * File in the data folder with the ports of the last started services. A stored run keeps the
     * reward and rollout URLs it was created with, so {@code --resume} starts the services on the
     * same ports again.
     */
    static final String PORTS_FILE = "launcher-ports.json";

    /** Time each service gets to start; the first start also unpacks DJL's native library. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    /** Started or connected services in start order; guarded by {@code this}. */
    private final Map<String, ManagedService> services;
    /** Set by {@link #stop()}; guarded by {@code this}. No service starts after it is set. */
    private boolean stopped;

    private ServiceCluster(Map<String, ManagedService> services) {
        this.services = services;
    }

    /**
     * Starts every service that {@code options.connect()} does not name, then waits until all are
     * ready. Ports come from {@code options.ports()} or are free ports on 127.0.0.1.
     *
     * @param created receives the cluster before the first service starts, so that a shutdown hook
     *     can {@link #stop()} the services that already run while the others start
     */
    static ServiceCluster startOrConnect(DemoOptions options, Path home, HttpClient http, PrintStream out,
            Consumer<ServiceCluster> created) throws IOException, InterruptedException {
        Path dataDir = options.dataDir().toAbsolutePath();
        Map<String, Integer> storedPorts = options.resumeRunId() != null ? readPorts(dataDir) : Map.of();
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : DemoOptions.SERVICES) {
            if (options.connect().containsKey(name)) {
                urls.put(name, options.connect().get(name));
            } else {
                int port = options.ports().containsKey(name) ? options.ports().get(name)
                        : storedPorts.containsKey(name) ? storedPorts.get(name)
                        : Loopback.freePort();
                // A free port may equal a fixed port of a service that has not bound it yet.
                while (!options.ports().containsKey(name) && !storedPorts.containsKey(name)
                        && (ports.containsValue(port) || options.ports().containsValue(port))) {
                    port = Loopback.freePort();
                }
                Loopback.requireFree(name, port);
                ports.put(name, port);
                urls.put(name, "http://" + Loopback.HOST + ":" + port);
            }
        }
        writePorts(dataDir, ports);

        Map<String, ManagedService> services = new LinkedHashMap<>();
        ServiceCluster cluster = new ServiceCluster(services);
        created.accept(cluster);
        try {
            for (String name : DemoOptions.SERVICES) {
                if (!ports.containsKey(name)) {
                    cluster.start(name, () -> ManagedService.connect(name, urls.get(name)));
                    out.println("stp: using running " + name + " service at " + urls.get(name));
                    continue;
                }
                Path jar = executableJar(home, name);
                Path log = dataDir.resolve("logs").resolve(name + "-service.log");
                List<String> properties = new ArrayList<>();
                properties.add("--stp.data-dir=" + dataDir);
                properties.addAll(serviceProperties(name, urls));
                cluster.start(name, () -> ManagedService.start(name, jar, ports.get(name), options.heapMegabytes(),
                        log, properties));
                out.println("stp: starting " + name + " service on " + urls.get(name) + " (log " + log + ")");
            }
            for (ManagedService service : services.values()) {
                service.awaitReady(http, READY_TIMEOUT);
                out.println("stp: " + service.name() + " service ready at " + service.baseUrl());
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.stop();
            throw e;
        }
    }

    private static List<String> serviceProperties(String name, Map<String, String> urls) {
        return switch (name) {
            case "rollout" -> List.of("--stp.rollout.device=cpu");
            case "trainer" -> List.of(
                    "--stp.trainer.reward-service-url=" + urls.get("reward"),
                    "--stp.trainer.rollout-endpoints=" + urls.get("rollout"));
            default -> List.of();
        };
    }

    /** Returns {@code <home>/<name>-service/target/<name>-service-*-exec.jar}. */
    static Path executableJar(Path home, String name) throws IOException {
        Path target = home.resolve(name + "-service").resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(path -> path.getFileName().toString().endsWith("-exec.jar")).toList();
                if (jars.size() == 1) {
                    return jars.get(0);
                }
            }
        }
        throw new IOException("executable jar of the " + name + " service not found in " + target
                + "; build it with ./mvnw -q -DskipTests install from " + home);
    }

    private static Map<String, Integer> readPorts(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PORTS_FILE);
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            TrainerClient.JSON.readTree(Files.readString(file)).properties()
                    .forEach(entry -> ports.put(entry.getKey(), entry.getValue().asInt()));
        }
        return ports;
    }

    private static void writePorts(Path dataDir, Map<String, Integer> ports) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(PORTS_FILE), TrainerClient.JSON.writeValueAsString(ports) + "\n");
    }

    /** A service start that may fail with an I/O error. */
    @FunctionalInterface
    interface ServiceStart {
        ManagedService start() throws IOException;
    }

    /**
     * Starts one service unless {@link #stop()} was called. Holding the lock while the process
     * starts means that a concurrent stop either includes the new service or prevents its start.
     */
    private synchronized void start(String name, ServiceStart start) throws IOException, InterruptedException {
        if (stopped) {
            throw new InterruptedException("services stopped before the " + name + " service started");
        }
        services.put(name, start.start());
    }

    synchronized String url(String name) {
        return services.get(name).baseUrl();
    }

    synchronized List<ManagedService> services() {
        return List.copyOf(services.values());
    }

    /**
     * Stops the started services, trainer first, so no service loses a peer mid-request. Safe to
     * call from a shutdown hook while {@link #startOrConnect} is still starting services.
     */
    void stop() throws InterruptedException {
        List<ManagedService> reversed;
        synchronized (this) {
            stopped = true;
            reversed = new ArrayList<>(services.values());
        }
        java.util.Collections.reverse(reversed);
        for (ManagedService service : reversed) {
            service.stop();
        }
    }
}
