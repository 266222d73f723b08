/** GSM8K reward functions: correctness of the final number, integer answer, and the XML format rewards. */
package org.stpplatform.reward.scoring.gsm8k;
