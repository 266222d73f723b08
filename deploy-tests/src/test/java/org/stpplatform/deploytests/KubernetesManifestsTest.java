package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Builds every overlay under k8s/ and checks the references between its resources. */
class KubernetesManifestsTest {

    private static final String NAMESPACE = "stp";

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void resourcesShareOneNamespace(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        assertThat(manifests.find("Namespace", NAMESPACE)).as("Namespace in %s", overlay).isPresent();
        for (Map<String, Object> resource : manifests.resources()) {
            if (!"Namespace".equals(resource.get("kind"))) {
                assertThat(Maps.stringAt(resource, "metadata.namespace"))
                        .as("namespace of %s in %s", Manifests.describe(resource), overlay).isEqualTo(NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "postgres", "overlays/cpu", "overlays/gpu"})
    void workloadSelectorsMatchPodLabels(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        assertThat(manifests.workloads()).as("workloads in %s", overlay).isNotEmpty();
        for (Map<String, Object> workload : manifests.workloads()) {
            Map<String, Object> selector = Maps.mapAt(workload, "spec.selector.matchLabels");
            assertThat(Manifests.selects(selector, Manifests.podLabels(workload)))
                    .as("selector %s of %s matches its pod labels %s", selector, Manifests.describe(workload),
                            Manifests.podLabels(workload))
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "postgres", "overlays/cpu", "overlays/gpu"})
    void servicesTargetExistingPodPorts(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            Map<String, Object> selector = Maps.mapAt(service, "spec.selector");
            List<Map<String, Object>> selected = manifests.workloads().stream()
                    .filter(w -> Manifests.selects(selector, Manifests.podLabels(w))).toList();
            assertThat(selected).as("workloads selected by %s in %s", Manifests.describe(service), overlay).hasSize(1);
            Set<String> containerPorts = containerPorts(selected.get(0));
            for (Map<String, Object> port : Maps.mapsAt(service, "spec.ports")) {
                String target = String.valueOf(port.getOrDefault("targetPort", port.get("port")));
                assertThat(containerPorts).as("ports of %s, targeted by %s", Manifests.describe(selected.get(0)),
                        Manifests.describe(service)).contains(target);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void probesUseActuatorHealthGroups(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        for (StpServices stp : StpServices.values()) {
            Map<String, Object> deployment = manifests.get("Deployment", stp.shortName());
            Map<String, Object> container = container(deployment, stp.shortName());
            assertThat(Maps.mapsAt(container, "ports")).as("ports of %s", stp.shortName())
                    .containsExactly(Map.of("name", "http", "containerPort", stp.port()));
            assertThat(Maps.stringAt(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
            assertThat(Maps.stringAt(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
            assertThat(Maps.stringAt(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(Maps.stringAt(container, probe + ".httpGet.port")).as("%s port of %s", probe, stp.shortName())
                        .isEqualTo("http");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void configAndSecretReferencesExist(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        for (Map<String, Object> workload : manifests.workloads()) {
            String owner = Manifests.describe(workload);
            for (Map<String, Object> container : Manifests.containers(workload)) {
                for (Map<String, Object> env : Maps.mapsAt(container, "env")) {
                    checkKeyReference(manifests, owner, env, "ConfigMap", "valueFrom.configMapKeyRef", "data");
                    checkKeyReference(manifests, owner, env, "Secret", "valueFrom.secretKeyRef", "stringData");
                }
            }

            Set<String> claimTemplates = new TreeSet<>();
            Maps.mapsAt(workload, "spec.volumeClaimTemplates").forEach(t -> claimTemplates.add(Maps.stringAt(t, "metadata.name")));
            Set<String> volumes = new TreeSet<>(claimTemplates);
            for (Map<String, Object> volume : Maps.mapsAt(workload, "spec.template.spec.volumes")) {
                volumes.add(volume.get("name").toString());
                String claim = Maps.stringAt(volume, "persistentVolumeClaim.claimName");
                if (claim != null) {
                    assertThat(manifests.find("PersistentVolumeClaim", claim)).as("PVC %s used by %s", claim, owner).isPresent();
                }
                String configMap = Maps.stringAt(volume, "configMap.name");
                if (configMap != null) {
                    assertThat(manifests.find("ConfigMap", configMap)).as("ConfigMap %s used by %s", configMap, owner).isPresent();
                }
            }
            for (Map<String, Object> container : Manifests.containers(workload)) {
                for (Map<String, Object> mount : Maps.mapsAt(container, "volumeMounts")) {
                    assertThat(volumes).as("volumes of %s, mounted at %s", owner, mount.get("mountPath")).contains(mount.get("name").toString());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void containerEnvironmentMatchesCompose(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        ComposeFile compose = ComposeFile.load();
        for (StpServices stp : StpServices.values()) {
            Set<String> kubernetes = new TreeSet<>();
            Maps.mapsAt(container(manifests.get("Deployment", stp.shortName()), stp.shortName()), "env")
                    .forEach(env -> kubernetes.add(env.get("name").toString()));
            Set<String> composeNames = ComposeFile.environmentNames(compose.service(stp.shortName()));
            kubernetes.removeAll(StpServices.PLATFORM_ENV);
            composeNames.removeAll(StpServices.PLATFORM_ENV);
            assertThat(kubernetes).as("variables of %s in %s compared with docker-compose.yml", stp.shortName(), overlay)
                    .isEqualTo(composeNames)
                    .isEqualTo(new TreeSet<>(stp.env()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void imagesAreTaggedServiceImages(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        boolean gpu = overlay.endsWith("gpu");
        for (StpServices stp : StpServices.values()) {
            String image = Maps.stringAt(container(manifests.get("Deployment", stp.shortName()), stp.shortName()), "image");
            Kustomize.ImageReference reference = Kustomize.ImageReference.parse(image);
            assertThat(reference.name()).as("image of %s", stp.shortName()).isEqualTo(stp.image());
            String expectedTag = gpu && stp != StpServices.REWARD ? "0.1.0-cuda" : "0.1.0";
            assertThat(reference.tag()).as("tag of %s in %s", stp.shortName(), overlay).isEqualTo(expectedTag);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void serviceMonitorsScrapeEachServiceOnce(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        Set<String> composeJobs = new TreeSet<>();
        Maps.mapsAt(RepositoryFiles.yaml(RepositoryFiles.resolve("deploy/prometheus/prometheus.yml")), "scrape_configs")
                .forEach(job -> composeJobs.add(job.get("job_name").toString()));

        List<String> scrapedWorkloads = new ArrayList<>();
        for (Map<String, Object> monitor : manifests.ofKind("ServiceMonitor")) {
            Map<String, Object> selector = Maps.mapAt(monitor, "spec.selector.matchLabels");
            List<Map<String, Object>> services = manifests.ofKind("Service").stream()
                    .filter(s -> Manifests.selects(selector, Maps.mapAt(s, "metadata.labels"))).toList();
            assertThat(services).as("Services selected by %s", Manifests.describe(monitor)).hasSize(1);
            Map<String, Object> service = services.get(0);

            String jobLabel = Maps.stringAt(monitor, "spec.jobLabel");
            assertThat(composeJobs).as("job name of %s, as in docker-compose", Manifests.describe(service))
                    .contains(Maps.mapAt(service, "metadata.labels").get(jobLabel).toString());
            Set<String> portNames = new HashSet<>();
            Maps.mapsAt(service, "spec.ports").forEach(p -> portNames.add(String.valueOf(p.get("name"))));
            for (Map<String, Object> endpoint : Maps.mapsAt(monitor, "spec.endpoints")) {
                assertThat(portNames).as("ports of %s", Manifests.describe(service)).contains(endpoint.get("port").toString());
                assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
            }
            manifests.workloads().stream()
                    .filter(w -> Manifests.selects(Maps.mapAt(service, "spec.selector"), Manifests.podLabels(w)))
                    .forEach(w -> scrapedWorkloads.add(Manifests.name(w)));
        }
        assertThat(scrapedWorkloads).as("workloads scraped through a ServiceMonitor in %s", overlay)
                .containsExactlyInAnyOrder("reward", "rollout", "trainer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void autoscalerAndBudgetsTargetWorkloads(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        for (Map<String, Object> autoscaler : manifests.ofKind("HorizontalPodAutoscaler")) {
            Map<String, Object> target = manifests.get(Maps.stringAt(autoscaler, "spec.scaleTargetRef.kind"),
                    Maps.stringAt(autoscaler, "spec.scaleTargetRef.name"));
            assertThat(Maps.at(target, "spec.replicas")).as("replicas of %s, which %s scales", Manifests.describe(target),
                    Manifests.describe(autoscaler)).isNull();
            for (Map<String, Object> metric : Maps.mapsAt(autoscaler, "spec.metrics")) {
                String name = Maps.stringAt(metric, "pods.metric.name");
                if (name != null) {
                    assertThat(MetricContract.allPrometheusNames()).as("Pods metric of %s", Manifests.describe(autoscaler))
                            .contains(name);
                }
            }
        }
        assertThat(manifests.ofKind("PodDisruptionBudget")).isNotEmpty();
        for (Map<String, Object> budget : manifests.ofKind("PodDisruptionBudget")) {
            Map<String, Object> selector = Maps.mapAt(budget, "spec.selector.matchLabels");
            assertThat(manifests.workloads()).as("workloads covered by %s", Manifests.describe(budget))
                    .anySatisfy(w -> assertThat(Manifests.selects(selector, Manifests.podLabels(w))).isTrue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void serviceUrlsNameKubernetesServices(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        Map<String, Object> config = Maps.mapAt(manifests.get("ConfigMap", "stp-config"), "data");

        Map<String, Object> rolloutPodLabels = Manifests.podLabels(manifests.get("Deployment", "rollout"));
        URI rollout = URI.create(config.get("rollout-url").toString());
        Map<String, Object> rolloutService = manifests.get("Service", rollout.getHost());
        assertThat(Manifests.selects(Maps.mapAt(rolloutService, "spec.selector"), rolloutPodLabels)).isTrue();
        assertThat(Maps.mapsAt(rolloutService, "spec.ports").get(0).get("port")).isEqualTo(rollout.getPort());

        // Runs discover every replica through this name, as README.md shows.
        Map<String, Object> headless = manifests.get("Service", "rollout-headless");
        assertThat(Maps.stringAt(headless, "spec.clusterIP")).as("rollout discovery Service is headless").isEqualTo("None");
        assertThat(Manifests.selects(Maps.mapAt(headless, "spec.selector"), rolloutPodLabels)).isTrue();
        assertThat(Maps.mapsAt(headless, "spec.ports").get(0).get("port")).isEqualTo(StpServices.ROLLOUT.port());

        URI reward = URI.create(config.get("reward-url").toString());
        assertThat(Maps.mapsAt(manifests.get("Service", reward.getHost()), "spec.ports").get(0).get("port"))
                .isEqualTo(reward.getPort());
        assertThat(config.get("rollout-allowed-reward-hosts").toString().split(","))
                .as("reward hosts that rollout jobs accept").contains(reward.getHost());

        Set<String> databases = ComposeFileTest.createdDatabases(
                Maps.mapAt(manifests.get("ConfigMap", "postgres-init"), "data").get("01-create-databases.sql").toString());
        for (String key : List.of("reward-datasource-url", "trainer-datasource-url")) {
            URI uri = URI.create(config.get(key).toString().substring("jdbc:".length()));
            assertThat(Maps.mapsAt(manifests.get("Service", uri.getHost()), "spec.ports").get(0).get("port"))
                    .as("port of the Service in %s", key).isEqualTo(uri.getPort());
            assertThat(databases).as("databases created for %s", key).contains(uri.getPath().substring(1));
        }
    }

    @Test
    void gpuOverlayRequestsOneGpuPerPod() {
        Manifests gpu = Manifests.build("overlays/gpu");
        for (String name : List.of("rollout", "trainer")) {
            Map<String, Object> deployment = gpu.get("Deployment", name);
            assertThat(Maps.at(container(deployment, name), "resources.limits")).as("limits of %s", name)
                    .isEqualTo(Map.of("memory", name.equals("rollout") ? "48Gi" : "64Gi", "nvidia.com/gpu", 1));
            assertThat(Maps.mapsAt(deployment, "spec.template.spec.tolerations")).extracting(t -> t.get("key"))
                    .containsExactly("nvidia.com/gpu");
        }
        assertThat(Maps.mapAt(gpu.get("ConfigMap", "stp-config"), "data"))
                .containsEntry("rollout-device", "gpu")
                .containsEntry("rollout-lora-rank", "128")
                .containsEntry("rollout-lora-alpha", "64");
        assertThat(Maps.mapsAt(gpu.get("HorizontalPodAutoscaler", "rollout"), "spec.metrics"))
                .extracting(m -> m.get("type")).containsExactly("Pods");

        Manifests cpu = Manifests.build("overlays/cpu");
        assertThat(String.valueOf(cpu.resources())).doesNotContain("nvidia.com/gpu");
        assertThat(Maps.mapAt(cpu.get("ConfigMap", "stp-config"), "data")).containsEntry("rollout-device", "cpu");
    }

    @Test
    void generatedCopiesMatchTheirSources() {
        Manifests cpu = Manifests.build("overlays/cpu");
        String dashboardConfigMap = Maps.mapAt(cpu.get("ConfigMap", "stp-grafana-dashboard"), "data").get("stp-platform.json").toString();
        String dashboard = RepositoryFiles.read(RepositoryFiles.resolve(MonitoringQueries.DASHBOARD));
        assertThat(dashboardConfigMap).as("dashboard ConfigMap; run k8s/monitoring/sync.sh after editing the dashboard")
                .isEqualTo(dashboard);

        Object ruleGroups = Maps.at(cpu.get("PrometheusRule", "stp-platform"), "spec.groups");
        assertThat(ruleGroups).as("PrometheusRule groups; run k8s/monitoring/sync.sh after editing the alerts")
                .isEqualTo(RepositoryFiles.yaml(RepositoryFiles.resolve(MonitoringQueries.ALERTS)).get("groups"));

        String initSql = Maps.mapAt(cpu.get("ConfigMap", "postgres-init"), "data").get("01-create-databases.sql").toString();
        assertThat(initSql).isEqualTo(RepositoryFiles.read(RepositoryFiles.resolve("deploy/postgres/init/01-create-databases.sql")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void containersRunAsNonRootWithLimits(String overlay) {
        Manifests manifests = Manifests.build(overlay);
        for (StpServices stp : StpServices.values()) {
            Map<String, Object> deployment = manifests.get("Deployment", stp.shortName());
            Map<String, Object> container = container(deployment, stp.shortName());
            assertThat(Maps.at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(Maps.at(deployment, "spec.template.spec.securityContext.runAsUser")).isEqualTo(10001);
            assertThat(Maps.at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(Maps.at(container, "resources.requests.memory")).as("memory request of %s", stp.shortName()).isNotNull();
            assertThat(Maps.at(container, "resources.limits.memory")).as("memory limit of %s", stp.shortName()).isNotNull();
            Set<String> mountPaths = new TreeSet<>();
            Maps.mapsAt(container, "volumeMounts").forEach(m -> mountPaths.add(m.get("mountPath").toString()));
            assertThat(mountPaths).as("writable paths of %s", stp.shortName()).contains("/tmp");
            if (stp != StpServices.REWARD) {
                assertThat(mountPaths).contains("/var/cache/djl");
            }
        }
    }

    private static void checkKeyReference(Manifests manifests, String owner, Map<String, Object> env,
            String kind, String refPath, String dataField) {
        Map<String, Object> reference = Maps.mapAt(env, refPath);
        if (reference.isEmpty()) {
            return;
        }
        String name = reference.get("name").toString();
        Map<String, Object> target = manifests.get(kind, name);
        Set<String> keys = new TreeSet<>(Maps.mapAt(target, dataField).keySet());
        keys.addAll(Maps.mapAt(target, "data").keySet());
        assertThat(keys).as("keys of %s %s, read by %s for %s", kind, name, owner, env.get("name"))
                .contains(reference.get("key").toString());
    }

    private static Set<String> containerPorts(Map<String, Object> workload) {
        Set<String> ports = new TreeSet<>();
        for (Map<String, Object> container : Manifests.containers(workload)) {
            for (Map<String, Object> port : Maps.mapsAt(container, "ports")) {
                ports.add(String.valueOf(port.get("containerPort")));
                if (port.get("name") != null) {
                    ports.add(port.get("name").toString());
                }
            }
        }
        return ports;
    }

    private static Map<String, Object> container(Map<String, Object> workload, String name) {
        return Manifests.containers(workload).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(Manifests.describe(workload) + " has no container " + name));
    }
}
