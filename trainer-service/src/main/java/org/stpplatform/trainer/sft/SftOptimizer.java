package org.stpplatform.trainer.sft;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW over a model's named parameters (DJL's {@code Optimizer.adamW()}, decoupled weight decay)
 * with global-norm gradient clipping. Norm weights (rank-1 tensors) get no weight decay.
 * Gradients accumulate in PyTorch, so each {@link #step} zeroes them after the update. A step
 * whose gradient norm is not finite changes no parameter, so one overflow cannot turn every
 * weight into NaN.
 */
final class SftOptimizer {

    private final Optimizer matrixOptimizer;
    private final Optimizer normOptimizer;
    private final double gradientClipNorm;
    private double currentLearningRate;

    /**
     * @param weightDecay decoupled weight decay of rank-2 and higher tensors
     * @param gradientClipNorm global L2 norm the gradient is scaled down to; 0 turns clipping off
     */
    SftOptimizer(double weightDecay, double gradientClipNorm) {
        this.matrixOptimizer = adamW(weightDecay);
        this.normOptimizer = adamW(0.0);
        this.gradientClipNorm = gradientClipNorm;
    }

    private Optimizer adamW(double weightDecay) {
        return Optimizer.adamW()
                .optLearningRateTracker((parameterId, updateCount) -> (float) currentLearningRate)
                .optBeta1(0.9f)
                .optBeta2(0.98f)
                .optEpsilon(1e-8f)
                .optWeightDecays((float) weightDecay)
                .build();
    }

    /**
     * Clips the gradient, updates every parameter in place and zeroes the gradients; skips the
     * update when the gradient norm is NaN or infinite. Gradient
     * handles and temporaries live in a step scope, because arrays derived from a parameter would
     * otherwise attach to the model's long-lived manager.
     *
     * @return the global L2 norm of the gradient before clipping; not finite when the update was skipped
     */
    double step(Map<String, NDArray> parameters, double learningRate) {
        currentLearningRate = learningRate;
        try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            double squaredNorm = 0;
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray gradient = entry.getValue().getGradient();
                gradient.attach(scope);
                gradients.put(entry.getKey(), gradient);
                squaredNorm += gradient.square().sum().getFloat();
            }
            double norm = Math.sqrt(squaredNorm);
            if (!Double.isFinite(norm)) {
                for (NDArray gradient : gradients.values()) {
                    gradient.subi(gradient);
                }
                return norm;
            }
            double scale = gradientClipNorm > 0 && norm > gradientClipNorm ? gradientClipNorm / norm : 1.0;
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray parameter = entry.getValue();
                NDArray gradient = gradients.get(entry.getKey());
                if (scale != 1.0) {
                    gradient.muli(scale);
                }
                Optimizer optimizer = parameter.getShape().dimension() >= 2 ? matrixOptimizer : normOptimizer;
                optimizer.update(entry.getKey(), parameter, gradient);
                gradient.subi(gradient);
            }
            return norm;
        }
    }
}
