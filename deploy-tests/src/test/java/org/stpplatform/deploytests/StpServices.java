package org.stpplatform.deploytests;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The three services as the deployment files describe them: Maven module, image, HTTP port, and
 * the environment variables each one reads (Spring relaxed binding maps {@code STP_REWARD_URL} to
 * {@code stp.reward.url}).
 */
enum StpServices {
    REWARD("reward-service", 8081, Set.of(
            "STP_DATABASE_EMBEDDED", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD")),
    ROLLOUT("rollout-service", 8082, Set.of(
            "STP_ROLLOUT_DEVICE", "STP_ROLLOUT_MODEL", "STP_ROLLOUT_LORA_RANK", "STP_ROLLOUT_LORA_ALPHA",
            "STP_ROLLOUT_JOBS_ALLOWED_REWARD_HOSTS", "STP_API_TOKEN")),
    TRAINER("trainer-service", 8083, Set.of(
            "STP_DATABASE_EMBEDDED", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "STP_TRAINER_API_TOKEN", "STP_TRAINER_DATA_DIR",
            "STP_TRAINER_ROLLOUT_ENDPOINTS", "STP_TRAINER_REWARD_SERVICE_URL"));

    /** Variables that the images, the JVM or DJL read, allowed for every service. */
    static final Set<String> PLATFORM_ENV = Set.of(
            "DJL_OFFLINE", "OPT_OUT_TRACKING", "DJL_CACHE_DIR", "JDK_JAVA_OPTIONS", "SERVER_PORT",
            "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES");

    private final String module;
    private final int port;
    private final Set<String> env;

    StpServices(String module, int port, Set<String> env) {
        this.module = module;
        this.port = port;
        this.env = env;
    }

    String module() {
        return module;
    }

    int port() {
        return port;
    }

    Set<String> env() {
        return env;
    }

    /** Short name used for the compose service, the Kubernetes Deployment and its container. */
    String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String image() {
        return "stp/" + module;
    }

    String dockerfile() {
        return module + "/Dockerfile";
    }

    String executableJar() {
        return module + "/target/" + module + "-0.1.0-SNAPSHOT-exec.jar";
    }

    static StpServices byImage(String imageName) {
        for (StpServices service : values()) {
            if (service.image().equals(imageName)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown image " + imageName + ", expected one of "
                + Arrays.stream(values()).map(StpServices::image).toList());
    }
}
