package org.stpplatform.trainer.loop;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.trainer.client.RemoteRequestException;
import org.stpplatform.trainer.client.RolloutApi.WeightsInfo;
import org.stpplatform.trainer.client.ServiceUnavailableException;
import org.stpplatform.trainer.loop.ReplicaFleet.Replica;

/**
 * Pushes policy weights to every replica of a fleet and confirms the version each serves. A
 * replica that fails is skipped (it gets the weights again before it receives jobs); the push
 * succeeds while at least one replica confirms.
 */
final class WeightPusher {

    private static final Logger log = LoggerFactory.getLogger(WeightPusher.class);

    private final String runId;

    WeightPusher(String runId) {
        this.runId = runId;
    }

    /**
     * Returns a version newer than {@code current} and than every version a reachable replica
     * serves, since replicas reject pushes of older versions.
     */
    long nextVersion(ReplicaFleet fleet, long current) {
        long newest = current;
        for (Replica replica : fleet.all()) {
            try {
                WeightsInfo served = replica.client().weights();
                if (served != null) {
                    newest = Math.max(newest, served.policyVersion());
                }
            } catch (ServiceUnavailableException | RemoteRequestException e) {
                log.warn("Reading served version failed runId={} replica={} error={}", runId, replica.url(),
                        e.getMessage());
            }
        }
        return newest + 1;
    }

    /**
     * Pushes the weights to the replicas that do not yet serve {@code version}.
     *
     * @return replicas that serve {@code version} afterwards
     */
    List<Replica> push(ReplicaFleet fleet, PolicyWeights weights, long version) {
        for (Replica replica : fleet.all()) {
            if (replica.confirmedVersion() == version) {
                continue;
            }
            try {
                WeightsInfo current = replica.client().weights();
                if (current != null && current.policyVersion() == version
                        && weights.sha256().equalsIgnoreCase(current.sha256())) {
                    replica.confirm(version);
                    continue;
                }
                WeightsInfo pushed = replica.client().pushWeights(weights.safetensors(), version, weights.sha256(),
                        weights.kind());
                WeightsInfo served = replica.client().weights();
                boolean checksumMatches = served != null
                        && (served.sha256() == null || weights.sha256().equalsIgnoreCase(served.sha256()));
                if (pushed != null && served != null && served.policyVersion() == version && checksumMatches) {
                    replica.confirm(version);
                    log.info("Weights confirmed runId={} replica={} version={} bytes={}", runId, replica.url(),
                            version, weights.safetensors().length);
                } else {
                    replica.forget();
                    log.warn("Replica did not confirm pushed weights runId={} replica={} version={} served={}",
                            runId, replica.url(), version, served);
                }
            } catch (ServiceUnavailableException | RemoteRequestException e) {
                replica.forget();
                log.warn("Weight push failed; skipping replica runId={} replica={} version={} error={}", runId,
                        replica.url(), version, e.getMessage());
            }
        }
        return fleet.serving(version);
    }
}
