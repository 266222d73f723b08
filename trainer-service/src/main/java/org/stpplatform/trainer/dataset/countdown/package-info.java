/**
 * Countdown instances for the built-in model: a seeded generator, an exact solver that writes
 * solution traces in the task format, the held-out split and JSON Lines reading.
 */
package org.stpplatform.trainer.dataset.countdown;
