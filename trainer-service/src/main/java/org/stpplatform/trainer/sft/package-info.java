/**
 * Masked-diffusion supervised fine-tuning (LLaDA SFT) of the built-in Countdown model on solver
 * traces, its held-out evaluation, and the {@code sft} command that writes the base checkpoint.
 */
package org.stpplatform.trainer.sft;
