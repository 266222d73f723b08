/**
 * Countdown reward: an arithmetic expression over the given numbers, each used exactly once, that
 * must reach the target. Strict mode parses it with exact rationals; reference mode reproduces
 * Python's {@code eval} on d1's accepted characters with doubles, never running the text.
 */
package org.stpplatform.reward.scoring.countdown;
