package org.stpplatform.trainer;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the trainer service ({@code stp.trainer.*}).
 *
 * @param dataDir folder of checkpoints and other run files
 * @param rewardServiceUrl reward service base URL for runs that give none
 * @param rolloutEndpoints rollout replica base URLs for runs that give none
 * @param pollInterval pause between polls of rollout jobs and of the reward queue
 * @param leaseDuration lease of claimed groups; longer than one update plus push
 * @param outageRetryInterval pause between retries while the reward service is unreachable
 * @param requestTimeout read timeout of one HTTP request to another service
 * @param resumeOnStartup whether runs left RUNNING or WAITING resume when the service starts
 * @param apiToken bearer token sent to rollout replicas for jobs and weights; blank for none
 * @param varianceProbeSeeds mask seeds of the estimator variance probe after each update (the
 *     step metrics {@code estimatorVariance} and, for an estimator with anchors,
 *     {@code unprunedEstimatorVariance}); 0 turns the probe off, otherwise at least 2
 */
@Validated
@ConfigurationProperties("stp.trainer")
public record TrainerProperties(
        @NotBlank String dataDir,
        @NotBlank String rewardServiceUrl,
        @NotEmpty List<String> rolloutEndpoints,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("300s") Duration leaseDuration,
        @DefaultValue("5s") Duration outageRetryInterval,
        @DefaultValue("120s") Duration requestTimeout,
        @DefaultValue("true") boolean resumeOnStartup,
        @DefaultValue("") String apiToken,
        @DefaultValue("4") @Min(0) int varianceProbeSeeds) {

    public TrainerProperties {
        if (varianceProbeSeeds == 1) {
            throw new IllegalArgumentException("stp.trainer.variance-probe-seeds is 1; a variance needs at least 2"
                    + " seeds, or set 0 to turn the probe off");
        }
    }

    public Path checkpointRoot() {
        return Path.of(dataDir, "checkpoints");
    }
}
