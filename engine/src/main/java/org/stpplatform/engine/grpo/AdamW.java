package org.stpplatform.engine.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.sampling.InferenceScope;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019) over named,
 * live parameter arrays, with gradient clipping by global norm, following PyTorch's
 * {@code torch.optim.AdamW} and {@code clip_grad_norm_}:
 *
 * <pre>
 *   g      = grad * min(1, maxNorm / (||grad||_2 + 1e-6))
 *   p      = p * (1 - lr * weightDecay)
 *   m      = beta1 * m + (1 - beta1) * g
 *   v      = beta2 * v + (1 - beta2) * g^2
 *   p      = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Moments are float32. Not thread-safe.
 */
public final class AdamW implements AutoCloseable {

    /** Added to the global norm before dividing, as PyTorch's {@code clip_grad_norm_}. */
    public static final double CLIP_NORM_EPSILON = 1e-6;

    private static final String STEP_KEY = "step";
    private static final String FIRST_MOMENT_PREFIX = "exp_avg.";
    private static final String SECOND_MOMENT_PREFIX = "exp_avg_sq.";

    /**
     * @param learningRate lr
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     * @param weightDecay decoupled weight decay coefficient
     * @param maxGradNorm global-norm clipping threshold; infinity turns clipping off
     */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
            double maxGradNorm) {

        public Settings {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate " + learningRate + " must be positive and finite");
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas (" + beta1 + ", " + beta2 + ") must lie in [0, 1)");
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon " + epsilon + " must be positive; use e.g. 1e-8");
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay " + weightDecay + " must be >= 0");
            }
            if (!(maxGradNorm > 0)) {
                throw new IllegalArgumentException("maxGradNorm " + maxGradNorm
                        + " must be positive; use Double.POSITIVE_INFINITY to turn clipping off");
            }
        }

        /** Returns the STP paper's settings: lr 3e-6, betas (0.9, 0.99), weight decay 0.1, clip 0.2. */
        public static Settings paper() {
            return new Settings(3e-6, 0.9, 0.99, 1e-8, 0.1, 0.2);
        }

        /** Returns a copy with another learning rate. */
        public Settings withLearningRate(double newLearningRate) {
            return new Settings(newLearningRate, beta1, beta2, epsilon, weightDecay, maxGradNorm);
        }
    }

    private final Map<String, NDArray> parameters;
    private final Settings settings;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long stepCount;

    /**
     * @param parameters live arrays updated in place, by name; each must record gradients
     */
    public AdamW(Map<String, NDArray> parameters, Settings settings) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to optimize");
        }
        this.parameters = new LinkedHashMap<>(parameters);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.manager = NDManager.newBaseManager(parameters.values().iterator().next().getDevice());
        for (Map.Entry<String, NDArray> entry : this.parameters.entrySet()) {
            NDArray parameter = entry.getValue();
            firstMoments.put(entry.getKey(), manager.zeros(parameter.getShape(), DataType.FLOAT32));
            secondMoments.put(entry.getKey(), manager.zeros(parameter.getShape(), DataType.FLOAT32));
        }
    }

    public Settings settings() {
        return settings;
    }

    public long stepCount() {
        return stepCount;
    }

    /**
     * Applies one update from the accumulated gradients, then zeroes them. Parameters without a
     * gradient (not used by the loss) are left unchanged apart from their moments' decay.
     *
     * @return the global gradient norm before clipping
     */
    public double step() {
        try (InferenceScope ignored = InferenceScope.enter();
                NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            double squaredNorm = 0;
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray gradient = entry.getValue().getGradient().toType(DataType.FLOAT32, true);
                gradient.attach(scope);
                gradients.put(entry.getKey(), gradient);
                squaredNorm += gradient.square().sum().toType(DataType.FLOAT64, false).getDouble();
            }
            double norm = Math.sqrt(squaredNorm);
            double clipScale = Math.min(1.0, settings.maxGradNorm() / (norm + CLIP_NORM_EPSILON));
            stepCount++;
            double firstCorrection = 1 - Math.pow(settings.beta1(), stepCount);
            double secondCorrectionRoot = Math.sqrt(1 - Math.pow(settings.beta2(), stepCount));
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray parameter = entry.getValue();
                NDArray gradient = gradients.get(entry.getKey()).mul(clipScale);
                NDArray first = firstMoments.get(entry.getKey());
                NDArray second = secondMoments.get(entry.getKey());
                first.muli(settings.beta1()).addi(gradient.mul(1 - settings.beta1()));
                second.muli(settings.beta2()).addi(gradient.square().mul(1 - settings.beta2()));
                NDArray denominator = second.sqrt().div(secondCorrectionRoot).add(settings.epsilon());
                NDArray update = first.div(denominator).mul(settings.learningRate() / firstCorrection);
                parameter.muli(1 - settings.learningRate() * settings.weightDecay());
                parameter.subi(update.toType(parameter.getDataType(), false));
                JniUtils.zeroGrad((PtNDArray) parameter);
            }
            return norm;
        }
    }

    /** Zeroes the accumulated gradients without updating. */
    public void zeroGradients() {
        for (NDArray parameter : parameters.values()) {
            JniUtils.zeroGrad((PtNDArray) parameter);
        }
    }

    /** Serialises the step count and both moments as safetensors bytes. */
    public byte[] saveState() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            tensors.put(STEP_KEY, scope.create(new long[] {stepCount}));
            for (String name : parameters.keySet()) {
                tensors.put(FIRST_MOMENT_PREFIX + name, firstMoments.get(name));
                tensors.put(SECOND_MOMENT_PREFIX + name, secondMoments.get(name));
            }
            return Safetensors.toBytes(tensors);
        }
    }

    /**
     * Restores state written by {@link #saveState()}.
     *
     * @throws IllegalArgumentException when a parameter's moments are missing or have another shape
     */
    public void loadState(byte[] state) {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = Safetensors.fromBytes(state, scope);
            NDArray step = tensors.get(STEP_KEY);
            if (step == null) {
                throw new IllegalArgumentException("optimizer state has no '" + STEP_KEY + "' tensor");
            }
            for (String name : parameters.keySet()) {
                for (String key : new String[] {FIRST_MOMENT_PREFIX + name, SECOND_MOMENT_PREFIX + name}) {
                    NDArray saved = tensors.get(key);
                    if (saved == null || !saved.getShape().equals(parameters.get(name).getShape())) {
                        throw new IllegalArgumentException("optimizer state tensor '" + key + "' is "
                                + (saved == null ? "missing" : "of shape " + saved.getShape())
                                + "; expected shape " + parameters.get(name).getShape());
                    }
                }
            }
            for (String name : parameters.keySet()) {
                replace(firstMoments, name, tensors.get(FIRST_MOMENT_PREFIX + name));
                replace(secondMoments, name, tensors.get(SECOND_MOMENT_PREFIX + name));
            }
            stepCount = step.toType(DataType.INT64, false).getLong();
        }
    }

    private void replace(Map<String, NDArray> moments, String name, NDArray saved) {
        // toType returns the same native tensor when the type already matches, and that tensor dies
        // with the loading scope, so a float32 moment is cloned into memory PyTorch owns.
        NDArray copy = saved.getDataType() == DataType.FLOAT32
                ? saved.duplicate()
                : saved.toType(DataType.FLOAT32, true);
        copy.attach(manager);
        moments.put(name, copy).close();
    }

    @Override
    public void close() {
        manager.close();
    }
}
