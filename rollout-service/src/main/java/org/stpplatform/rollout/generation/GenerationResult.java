package org.stpplatform.rollout.generation;

import java.util.List;
import org.stpplatform.engine.sampling.Generation;

/**
 * Completions of a {@link GenerationPlan}.
 *
 * @param policyVersion version of the weights that generated every sequence
 * @param sequences one per planned sequence, in plan order
 * @param queueMillis time from submission until the first batch started
 * @param generationMillis time from the first batch's start until the last batch finished
 */
public record GenerationResult(
        long policyVersion, List<Generation> sequences, long queueMillis, long generationMillis) {
}
