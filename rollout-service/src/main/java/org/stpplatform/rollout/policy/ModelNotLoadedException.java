package org.stpplatform.rollout.policy;

/** Thrown when a generation is requested before the model finished loading at start. */
public class ModelNotLoadedException extends RuntimeException {

    public ModelNotLoadedException() {
        super("the model is still loading; retry when /actuator/health/readiness reports UP");
    }
}
