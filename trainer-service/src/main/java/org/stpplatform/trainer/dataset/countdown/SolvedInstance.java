package org.stpplatform.trainer.dataset.countdown;

/**
 * An instance with the solver's preferred solution.
 *
 * @param instance the problem
 * @param solution a solution that uses every number once
 */
public record SolvedInstance(CountdownInstance instance, CountdownSolution solution) {
}
