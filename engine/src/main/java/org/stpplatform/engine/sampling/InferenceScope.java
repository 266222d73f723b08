package org.stpplatform.engine.sampling;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch gradient recording off on the current thread and restores the previous mode on
 * close. New threads start with recording on, and a forward pass that records gradients keeps
 * every intermediate alive until its result is freed.
 */
public final class InferenceScope implements AutoCloseable {

    private final boolean previousGradMode;

    private InferenceScope() {
        // Loads the native library before the first JNI call.
        Engine.getEngine("PyTorch");
        previousGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Enters inference mode on the calling thread; close on the same thread. */
    public static InferenceScope enter() {
        return new InferenceScope();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previousGradMode);
    }
}
