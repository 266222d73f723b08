/** LLaDA semi-autoregressive decoding with low-confidence remasking, STP canvases and early exit. */
package org.stpplatform.engine.sampling;
