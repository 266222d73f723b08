package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cross-checks docker-compose.yml against .env.example, the Dockerfiles, Prometheus and Grafana files. */
class ComposeFileTest {

    private static ComposeFile compose;

    @BeforeAll
    static void load() {
        compose = ComposeFile.load();
    }

    /** Returns the compose services that run a given STP service image, for example rollout and rollout-gpu. */
    private static Map<String, Map<String, Object>> servicesOf(StpServices stp) {
        Map<String, Map<String, Object>> matches = new LinkedHashMap<>();
        compose.services().forEach((name, value) -> {
            Map<String, Object> service = Maps.asMap(value, name);
            String image = Kustomize.ImageReference.parse(compose.interpolate(service.get("image").toString())).name();
            if (image.equals(stp.image())) {
                matches.put(name, service);
            }
        });
        return matches;
    }

    @Test
    void everyServiceHasImage() {
        compose.services().forEach((name, value) -> {
            Map<String, Object> service = Maps.asMap(value, name);
            assertThat(service.get("image")).as("image of compose service %s", name).isNotNull();
        });
        for (StpServices stp : StpServices.values()) {
            assertThat(servicesOf(stp)).as("compose services running %s", stp.image()).isNotEmpty();
        }
    }

    @Test
    void buildsUseTheServiceDockerfile() {
        for (StpServices stp : StpServices.values()) {
            servicesOf(stp).forEach((name, service) -> {
                Map<String, Object> build = Maps.mapAt(service, "build");
                assertThat(build.get("context")).as("build context of %s", name).isEqualTo(".");
                assertThat(build.get("dockerfile")).as("Dockerfile of %s", name).isEqualTo(stp.dockerfile());
                Dockerfile dockerfile = Dockerfile.read(RepositoryFiles.resolve(stp.dockerfile()));
                Object flavour = Maps.at(build, "args.TORCH_FLAVOR");
                if (flavour != null) {
                    assertThat(dockerfile.stageNames()).as("stages of %s", stp.dockerfile()).contains("torch-" + flavour);
                }
            });
        }
    }

    @Test
    void dockerfilesBuildAndRunTheExecutableJar() {
        for (StpServices stp : StpServices.values()) {
            Dockerfile dockerfile = Dockerfile.read(RepositoryFiles.resolve(stp.dockerfile()));
            String text = dockerfile.text();
            assertThat(text).as(stp.dockerfile()).contains("-pl " + stp.module() + " -am package");
            assertThat(text).as(stp.dockerfile()).contains("-jar " + stp.executableJar() + " ");
            assertThat(text).as(stp.dockerfile()).contains("extract --layers --launcher");
            assertThat(text).as(stp.dockerfile()).contains("org.springframework.boot.loader.launch.JarLauncher");
            assertThat(dockerfile.withKeyword("ENTRYPOINT")).as("ENTRYPOINT of %s", stp.dockerfile())
                    .singleElement().asString().contains("\"-Dai.djl.offline=true\"");
            assertThat(dockerfile.exposedPorts()).as("EXPOSE of %s", stp.dockerfile()).containsExactly(stp.port());
            assertThat(dockerfile.env()).as("ENV of %s", stp.dockerfile())
                    .containsEntry("SERVER_PORT", String.valueOf(stp.port()))
                    .containsEntry("DJL_OFFLINE", "true")
                    .containsEntry("OPT_OUT_TRACKING", "true");
            assertThat(dockerfile.withKeyword("USER")).as("USER of %s", stp.dockerfile()).containsExactly("10001:10001");
            assertThat(dockerfile.withKeyword("HEALTHCHECK")).as("HEALTHCHECK of %s", stp.dockerfile())
                    .singleElement().asString()
                    .contains("http://127.0.0.1:" + stp.port() + "/actuator/health/readiness");
            Path pom = RepositoryFiles.resolve(stp.module() + "/pom.xml");
            assertThat(RepositoryFiles.read(pom)).as("%s packages the exec jar", pom).contains("<classifier>exec</classifier>");
        }
    }

    @Test
    void dependsOnNamesHealthyServices() {
        compose.services().forEach((name, value) -> {
            Map<String, Object> service = Maps.asMap(value, name);
            Set<String> profiles = ComposeFile.profiles(service);
            Maps.mapAt(service, "depends_on").forEach((dependency, condition) -> {
                assertThat(compose.services()).as("%s depends on %s", name, dependency).containsKey(dependency);
                Map<String, Object> target = compose.service(dependency);
                assertThat(target.get("healthcheck")).as("healthcheck of %s, which %s waits for", dependency, name)
                        .isNotNull();
                assertThat(Maps.stringAt(Maps.asMap(condition, dependency), "condition"))
                        .as("condition of %s on %s", name, dependency).isEqualTo("service_healthy");
                Set<String> targetProfiles = ComposeFile.profiles(target);
                if (!targetProfiles.isEmpty()) {
                    assertThat(profiles).as("profiles of %s, which depends on %s with profiles %s",
                            name, dependency, targetProfiles).isNotEmpty();
                    assertThat(targetProfiles).as("profiles of %s, needed by %s", dependency, name).containsAll(profiles);
                }
            });
        });
    }

    @Test
    void healthchecksProbeTheServicePort() {
        for (StpServices stp : StpServices.values()) {
            servicesOf(stp).forEach((name, service) -> {
                List<Object> test = Maps.asList(Maps.at(service, "healthcheck.test"), name + " healthcheck");
                assertThat(test).as("healthcheck of %s", name)
                        .contains("http://127.0.0.1:" + stp.port() + "/actuator/health/readiness");
            });
        }
    }

    @Test
    void publishedPortsBindLoopback() {
        compose.services().forEach((name, value) -> {
            Map<String, Object> service = Maps.asMap(value, name);
            for (Object port : Maps.asList(service.getOrDefault("ports", List.of()), name + " ports")) {
                String[] parts = compose.interpolate(port.toString()).split(":");
                assertThat(parts).as("port %s of %s is host-ip:host-port:container-port", port, name).hasSize(3);
                assertThat(parts[0]).as("host address of %s port %s", name, port).isEqualTo("127.0.0.1");
            }
        });
        for (StpServices stp : StpServices.values()) {
            servicesOf(stp).forEach((name, service) -> {
                for (Object port : Maps.asList(service.getOrDefault("ports", List.of()), name + " ports")) {
                    String containerPort = compose.interpolate(port.toString()).split(":")[2];
                    assertThat(containerPort).as("container port of %s", name).isEqualTo(String.valueOf(stp.port()));
                }
            });
        }
    }

    @Test
    void variablesComeFromEnvExample() {
        Set<String> readByCompose = new TreeSet<>();
        ComposeFile.referencedVariables().forEach((variable, hasDefault) -> {
            readByCompose.add(variable);
            if (!hasDefault) {
                assertThat(compose.envExample()).as("%s sets %s, which %s requires", ComposeFile.ENV_EXAMPLE,
                        variable, ComposeFile.FILE).containsKey(variable);
            }
        });
        for (String variable : compose.envExample().keySet()) {
            if (!variable.startsWith("COMPOSE_")) {
                assertThat(readByCompose).as("%s sets %s but %s never reads it", ComposeFile.ENV_EXAMPLE,
                        variable, ComposeFile.FILE).contains(variable);
            }
        }
        assertThat(compose.envExample().get("COMPOSE_PROFILES")).isEqualTo("cpu");
    }

    @Test
    void serviceEnvironmentUsesKnownNames() {
        for (StpServices stp : StpServices.values()) {
            servicesOf(stp).forEach((name, service) -> {
                Set<String> names = ComposeFile.environmentNames(service);
                Set<String> unknown = new TreeSet<>(names);
                unknown.removeAll(stp.env());
                unknown.removeAll(StpServices.PLATFORM_ENV);
                assertThat(unknown).as("variables of %s that %s does not read", name, stp.module()).isEmpty();
                Set<String> required = new TreeSet<>(stp.env());
                assertThat(names).as("variables of %s", name).containsAll(required);
            });
        }
    }

    @Test
    void serviceUrlsNameComposeServices() {
        Map<String, Object> trainer = compose.service("trainer");
        Map<String, Object> env = Maps.mapAt(trainer, "environment");
        assertThat(hostAndPort(env.get("STP_TRAINER_REWARD_SERVICE_URL").toString()))
                .isEqualTo("reward:" + StpServices.REWARD.port());
        assertThat(hostAndPort(env.get("STP_TRAINER_ROLLOUT_ENDPOINTS").toString()))
                .isEqualTo("rollout:" + StpServices.ROLLOUT.port());
        for (String rolloutService : servicesOf(StpServices.ROLLOUT).keySet()) {
            assertThat(Maps.asList(Maps.at(compose.service(rolloutService), "networks.default.aliases"), "aliases"))
                    .as("network aliases of %s", rolloutService).contains("rollout");
            assertThat(Maps.stringAt(compose.service(rolloutService), "environment.STP_ROLLOUT_JOBS_ALLOWED_REWARD_HOSTS")
                    .split(",")).as("reward hosts that %s accepts", rolloutService).contains("reward");
        }

        Set<String> databases = createdDatabases(RepositoryFiles.read(RepositoryFiles.resolve("deploy/postgres/init/01-create-databases.sql")));
        for (String name : List.of("reward", "trainer", "trainer-gpu")) {
            String url = Maps.stringAt(compose.service(name), "environment.SPRING_DATASOURCE_URL");
            URI uri = URI.create(url.substring("jdbc:".length()));
            assertThat(uri.getHost() + ":" + uri.getPort()).as("database host of %s", name).isEqualTo("postgres:5432");
            assertThat(databases).as("databases created for %s", url).contains(uri.getPath().substring(1));
        }
    }

    @Test
    void gpuProfileReservesOneGpu() {
        for (String name : List.of("rollout-gpu", "trainer-gpu")) {
            Map<String, Object> service = compose.service(name);
            assertThat(ComposeFile.profiles(service)).as("profiles of %s", name).containsExactly("gpu");
            Map<String, Object> device = Maps.mapsAt(service, "deploy.resources.reservations.devices").get(0);
            assertThat(device).as("GPU reservation of %s", name)
                    .containsEntry("driver", "nvidia").containsEntry("count", 1)
                    .containsEntry("capabilities", List.of("gpu"));
            assertThat(Maps.stringAt(service, "build.args.TORCH_FLAVOR")).as("flavour of %s", name).isEqualTo("cu128");
        }
        for (String name : List.of("rollout", "trainer")) {
            assertThat(ComposeFile.profiles(compose.service(name))).as("profiles of %s", name).containsExactly("cpu");
        }
    }

    @Test
    void mountedFilesExist() {
        compose.services().forEach((name, value) -> compose.bindMounts(Maps.asMap(value, name)).forEach((target, source) -> {
            if (source.startsWith(RepositoryFiles.resolve("deploy"))) {
                assertThat(source).as("%s mounts %s at %s", name, source, target).exists();
            }
        }));
    }

    @Test
    void prometheusScrapesEveryService() {
        Path prometheusFile = RepositoryFiles.resolve("deploy/prometheus/prometheus.yml");
        Map<String, Object> prometheus = RepositoryFiles.yaml(prometheusFile);
        Map<String, String> targetsByJob = new LinkedHashMap<>();
        for (Map<String, Object> job : Maps.mapsAt(prometheus, "scrape_configs")) {
            assertThat(job.get("metrics_path")).as("metrics_path of %s", job.get("job_name")).isEqualTo("/actuator/prometheus");
            String target;
            if (job.containsKey("static_configs")) {
                target = Maps.asList(Maps.mapsAt(job, "static_configs").get(0).get("targets"), "targets").get(0).toString();
            } else {
                Map<String, Object> dns = Maps.mapsAt(job, "dns_sd_configs").get(0);
                target = Maps.asList(dns.get("names"), "names").get(0) + ":" + dns.get("port");
            }
            targetsByJob.put(job.get("job_name").toString(), target);
        }
        assertThat(targetsByJob).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stp-reward", "reward:" + StpServices.REWARD.port(),
                "stp-rollout", "rollout:" + StpServices.ROLLOUT.port(),
                "stp-trainer", "trainer:" + StpServices.TRAINER.port()));

        Map<String, Path> mounts = compose.bindMounts(compose.service("prometheus"));
        for (Object ruleFile : Maps.asList(prometheus.get("rule_files"), "rule_files")) {
            Path source = prometheusFile.resolveSibling(ruleFile.toString());
            assertThat(source).as("rule file %s", ruleFile).exists();
            assertThat(mounts).as("prometheus mounts").containsEntry("/etc/prometheus/" + ruleFile, source);
        }
        assertThat(mounts).containsEntry("/etc/prometheus/prometheus.yml", prometheusFile);
    }

    @Test
    void grafanaProvisionsDatasourceAndDashboard() {
        Map<String, Path> mounts = compose.bindMounts(compose.service("grafana"));
        Path provisioning = RepositoryFiles.resolve("deploy/grafana/provisioning");
        assertThat(mounts).containsEntry("/etc/grafana/provisioning", provisioning);

        Map<String, Object> datasource = Maps.mapsAt(
                RepositoryFiles.yaml(provisioning.resolve("datasources/prometheus.yml")), "datasources").get(0);
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(Maps.asList(Maps.at(compose.service("prometheus"), "healthcheck.test"), "test"))
                .contains("http://127.0.0.1:9090/-/ready");

        String dashboardFolder = Maps.stringAt(Maps.mapsAt(
                RepositoryFiles.yaml(provisioning.resolve("dashboards/stp.yml")), "providers").get(0), "options.path");
        assertThat(mounts).containsEntry(dashboardFolder, RepositoryFiles.resolve("deploy/grafana/dashboards"));
        String home = Maps.stringAt(compose.service("grafana"), "environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(dashboardFolder + "/");
        assertThat(RepositoryFiles.resolve("deploy/grafana/dashboards").resolve(home.substring(dashboardFolder.length() + 1)))
                .exists();
    }

    @Test
    void dockerContextExcludesDotEnv() throws Exception {
        assertThat(Files.readAllLines(RepositoryFiles.resolve(".dockerignore"))).contains(".env");
    }

    static Set<String> createdDatabases(String sql) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?i)CREATE DATABASE\\s+(\\w+)").matcher(sql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String hostAndPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }
}
