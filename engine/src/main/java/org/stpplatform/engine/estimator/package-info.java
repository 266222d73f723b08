/** Monte Carlo estimators of per-token log-likelihoods of a masked diffusion model. */
package org.stpplatform.engine.estimator;
