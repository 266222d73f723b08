/** GRPO for masked diffusion models: group advantages, the clipped surrogate with k3 KL, AdamW and one update step. */
package org.stpplatform.engine.grpo;
