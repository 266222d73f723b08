package org.stpplatform.trainer.loop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.trainer.client.RolloutClient;
import org.stpplatform.trainer.config.RunConfig.RolloutConfig;

/**
 * The rollout replicas of one run, from its endpoint list or from the address records of its
 * discovery DNS name (re-resolved by {@link #refresh()}), with the policy version each replica
 * last confirmed.
 */
final class ReplicaFleet {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFleet.class);

    private final String runId;
    private final RolloutConfig config;
    private final Function<String, RolloutClient> clientFactory;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();

    /** One replica and the policy version it confirmed; -1 when it has none of this run's versions. */
    static final class Replica {
        private final RolloutClient client;
        private long confirmedVersion = -1;

        Replica(RolloutClient client) {
            this.client = client;
        }

        RolloutClient client() {
            return client;
        }

        String url() {
            return client.baseUrl();
        }

        long confirmedVersion() {
            return confirmedVersion;
        }

        void confirm(long version) {
            confirmedVersion = version;
        }

        void forget() {
            confirmedVersion = -1;
        }
    }

    ReplicaFleet(String runId, RolloutConfig config, Function<String, RolloutClient> clientFactory) {
        this.runId = runId;
        this.config = config;
        this.clientFactory = clientFactory;
        refresh();
    }

    /** Re-reads the replica list; replicas that stay keep their confirmed version. */
    void refresh() {
        List<String> urls = resolve();
        Map<String, Replica> previous = new LinkedHashMap<>(replicas);
        replicas.clear();
        for (String url : urls) {
            Replica replica = previous.get(url);
            replicas.put(url, replica != null ? replica : new Replica(clientFactory.apply(url)));
        }
        if (!previous.keySet().equals(replicas.keySet())) {
            log.info("Rollout replicas runId={} replicas={}", runId, replicas.keySet());
        }
    }

    List<Replica> all() {
        return List.copyOf(replicas.values());
    }

    /** Returns the replicas that confirmed {@code version}; they may receive jobs for it. */
    List<Replica> serving(long version) {
        return replicas.values().stream().filter(r -> r.confirmedVersion() == version).toList();
    }

    private List<String> resolve() {
        if (config.discoveryDnsName() == null) {
            return config.endpoints().stream().map(ReplicaFleet::stripTrailingSlash).toList();
        }
        try {
            List<String> urls = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(config.discoveryDnsName())) {
                String host = address.getHostAddress();
                if (host.contains(":")) {
                    host = "[" + host + "]";
                }
                urls.add("http://" + host + ":" + config.discoveryPort());
            }
            return urls;
        } catch (UnknownHostException e) {
            log.warn("Rollout discovery failed runId={} dnsName={} error={}", runId, config.discoveryDnsName(),
                    e.toString());
            return List.copyOf(replicas.keySet());
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
