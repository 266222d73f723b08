package org.stpplatform.trainer.step;

/**
 * Metrics of one RL step.
 *
 * @param step 1-based step number
 * @param policyVersion version the replicas serve after this step's update
 * @param groupsUsed groups that entered the update
 * @param groupsDroppedStale groups discarded for exceeding the staleness bound
 * @param rewardMean mean reward over all completions
 * @param rewardStd population standard deviation of the rewards over all completions
 * @param accuracy fraction of completions whose outcome is CORRECT
 * @param loss GRPO loss averaged over the inner iterations
 * @param kl mean k3 KL estimate against the reference policy
 * @param clipFraction fraction of valid tokens whose ratio was clipped
 * @param zeroSpreadFraction fraction of groups whose rewards are all equal (zero advantage)
 * @param estimatorVariance variance across mask seeds of the length-normalised log-likelihood;
 *     null when not measured this step
 * @param unprunedEstimatorVariance the same probe on the same rows and seeds with anchors masked
 *     like every other position (the unpruned ELBO estimator), null when not measured this step or
 *     when the run's estimator does not use anchors
 * @param nfePerSample mean forward passes per completion
 * @param earlyExitRate fraction of completions that stopped early
 * @param anchorFraction mean fraction of completion positions that were anchors
 * @param policyVersionLag mean versions between the policy being trained and the groups' policy
 * @param rolloutMillis time from job submission until every group was scored and claimed, minus scoring
 * @param scoringMillis time spent waiting on the reward service
 * @param updateMillis log-likelihoods, inner iterations and the optimizer step
 * @param pushMillis weight push and version confirmation on every replica
 */
public record StepMetrics(
        long step,
        long policyVersion,
        int groupsUsed,
        int groupsDroppedStale,
        double rewardMean,
        double rewardStd,
        double accuracy,
        double loss,
        double kl,
        double clipFraction,
        double zeroSpreadFraction,
        Double estimatorVariance,
        Double unprunedEstimatorVariance,
        double nfePerSample,
        double earlyExitRate,
        double anchorFraction,
        double policyVersionLag,
        long rolloutMillis,
        long scoringMillis,
        long updateMillis,
        long pushMillis) {
}
