package org.stpplatform.trainer.dataset;

/**
 * One prompt of a dataset.
 *
 * @param id stable id within its dataset split, e.g. {@code train-17}
 * @param question the question text before any template
 * @param reference gold answer in the reward service's reference format for the task
 */
public record TaskExample(String id, String question, String reference) {
}
