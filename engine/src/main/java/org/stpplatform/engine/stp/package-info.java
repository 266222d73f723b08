/** Spatial pruning: static priors, anchor selection and the STP canvas. */
package org.stpplatform.engine.stp;
