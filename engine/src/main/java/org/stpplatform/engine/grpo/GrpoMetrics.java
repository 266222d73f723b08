package org.stpplatform.engine.grpo;

/**
 * Values of one loss evaluation, each aggregated with the same token weights as the loss.
 *
 * @param loss the loss value
 * @param policyLoss the clipped surrogate part of the loss
 * @param kl the k3 KL estimate against the reference policy; 0 when beta is 0 and no reference is given
 * @param clipFraction fraction of valid tokens whose clipped surrogate was the active term
 * @param ratioMean mean importance ratio exp(l_theta - l_old)
 * @param validTokens number of positions that entered the loss
 */
public record GrpoMetrics(double loss, double policyLoss, double kl, double clipFraction, double ratioMean, long validTokens) {
}
