/**
 * MATH rewards: correctness of the last {@code \boxed{}} answer against the gold answer, and the
 * answer-tag format reward. Strict mode compares answers by structure and exact arithmetic; reference
 * mode ports d1's {@code math500_utils.py} string normalisation.
 */
package org.stpplatform.reward.scoring.math;
