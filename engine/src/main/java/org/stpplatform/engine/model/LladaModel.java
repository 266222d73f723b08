package org.stpplatform.engine.model;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.stpplatform.engine.Autograd;

/**
 * A LLaDA-architecture masked diffusion transformer written from DJL NDArray primitives.
 *
 * <p>Dimensions: B batch, T sequence length, E model width, H heads, D head width (E / H),
 * F feed-forward width, V vocabulary, r LoRA rank.
 *
 * <p>Block, as in the LLaDA-8B architecture:
 * <ol>
 *   <li>{@code h = RMSNorm(x)}, then the q, k and v projections of h;
 *   <li>rotary embeddings on q and k in the half-split layout, positions counted from 0;
 *   <li>bidirectional attention scaled by 1/sqrt(D), with an optional key-padding mask;
 *   <li>{@code x += attn_out(heads)};
 *   <li>{@code h = RMSNorm(x)} and {@code x += ff_out(SiLU(ff_proj(h)) * up_proj(h))}.
 * </ol>
 * Logits are {@code ff_out(RMSNorm(x))} with the untied top-level head. No layer has a bias.
 *
 * <p>Parameters are named as in the LLaDA checkpoint ({@code model.transformer.blocks.0.q_proj.weight};
 * linear weights are stored [out, in] and applied as {@code x W^T}); LoRA adapters use the PEFT names
 * ({@code base_model.model.model.transformer.blocks.0.q_proj.lora_A.weight}).
 *
 * <p>Thread safety: forward passes hold no mutable state and allocate every intermediate in their own
 * sub-manager, so {@link #logits} may run on several threads at once. {@link #loadWeights} and
 * {@link #close} must not overlap with forward passes.
 */
public final class LladaModel implements DiffusionModel {

    static final String BASE_PREFIX = "model.transformer.";
    static final String ADAPTER_PREFIX = "base_model.model.";
    private static final double INIT_STD = 0.02;

    private final ModelConfig config;
    private final LoraConfig lora;
    private final Device device;
    private final NDManager manager;
    private final Map<String, NDArray> base;
    private final Map<String, NDArray> adapters;
    private final Map<String, NDArray> all;
    private final RotaryTable rotary;
    private volatile boolean closed;

    private LladaModel(ModelConfig config, LoraConfig lora, Device device, NDManager manager,
            Map<String, NDArray> base, Map<String, NDArray> adapters) {
        this(config, lora, device, manager, base, adapters, true);
    }

    private LladaModel(ModelConfig config, LoraConfig lora, Device device, NDManager manager,
            Map<String, NDArray> base, Map<String, NDArray> adapters, boolean recordGradients) {
        this.config = config;
        this.lora = lora;
        this.device = device;
        this.manager = manager;
        this.base = Collections.unmodifiableMap(base);
        this.adapters = Collections.unmodifiableMap(adapters);
        Map<String, NDArray> combined = new LinkedHashMap<>(base);
        combined.putAll(adapters);
        this.all = Collections.unmodifiableMap(combined);
        this.rotary = RotaryTable.of(config);
        if (recordGradients) {
            for (NDArray parameter : trainableParameters().values()) {
                parameter.setRequiresGradient(true);
            }
        }
    }

    /**
     * Creates a model with fresh weights: normal(0, 0.02) for embeddings and projections, residual
     * output projections ({@code attn_out}, block {@code ff_out}) scaled by 1/sqrt(2 * layers) as in
     * GPT-2, norm weights 1. Adapters get A uniform in +-1/sqrt(in) (PEFT's default) and B = 0, so a
     * new adapter leaves the logits unchanged. The same seed gives the same weights on any device.
     *
     * @param lora adapter settings, or null for a model trained in full
     */
    public static LladaModel create(ModelConfig config, LoraConfig lora, Device device, long initSeed) {
        Random random = new Random(initSeed);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            double residualStd = INIT_STD / Math.sqrt(2.0 * config.layerCount());
            Map<String, NDArray> base = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> entry : ParameterNames.baseShapes(config).entrySet()) {
                String name = entry.getKey();
                Shape shape = entry.getValue();
                NDArray array;
                if (ParameterNames.isNorm(name)) {
                    array = manager.ones(shape, DataType.FLOAT32);
                } else {
                    double std = ParameterNames.isResidualProjection(name) ? residualStd : INIT_STD;
                    array = manager.create(gaussian(random, shape.size(), std), shape);
                }
                array.setName(name);
                base.put(name, array);
            }
            Map<String, NDArray> adapters = createAdapters(config, lora, manager, random);
            return new LladaModel(config, lora, device, manager, base, adapters);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Creates a model with all weights zero, to be filled by {@link #loadWeights}. Adapters, when
     * configured, are initialised as in {@link #create}.
     */
    static LladaModel createEmpty(ModelConfig config, LoraConfig lora, Device device, long seed) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> base = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> entry : ParameterNames.baseShapes(config).entrySet()) {
                NDArray array = manager.zeros(entry.getValue(), DataType.FLOAT32);
                array.setName(entry.getKey());
                base.put(entry.getKey(), array);
            }
            Map<String, NDArray> adapters = createAdapters(config, lora, manager, new Random(seed));
            return new LladaModel(config, lora, device, manager, base, adapters);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Map<String, NDArray> createAdapters(
            ModelConfig config, LoraConfig lora, NDManager manager, Random random) {
        Map<String, NDArray> adapters = new LinkedHashMap<>();
        if (lora == null) {
            return adapters;
        }
        for (Map.Entry<String, Shape> entry : ParameterNames.adapterShapes(config, lora).entrySet()) {
            String name = entry.getKey();
            Shape shape = entry.getValue();
            NDArray array;
            if (ParameterNames.isLoraA(name)) {
                double bound = 1.0 / Math.sqrt(shape.get(1));
                array = manager.create(uniform(random, shape.size(), bound), shape);
            } else {
                array = manager.zeros(shape, DataType.FLOAT32);
            }
            array.setName(name);
            adapters.put(name, array);
        }
        return adapters;
    }

    /**
     * Loads a checkpoint: a single safetensors file, a directory with {@code model.safetensors} or a
     * sharded {@code model.safetensors.index.json}, and {@code config.json} beside the weights.
     * Adapter tensors in {@code adapter_model.safetensors} are loaded when {@code lora} is given.
     */
    public static LladaModel load(Path checkpointDirOrFile, LoraConfig lora, Device device)
            throws IOException {
        return Checkpoints.load(checkpointDirOrFile, lora, device);
    }

    /** Writes {@code model.safetensors}, {@code config.json} and, with LoRA, the adapters. */
    public void save(Path dir) throws IOException {
        save(dir, null);
    }

    /**
     * Writes the checkpoint as {@link #save(Path)} and records the tokenizer name in
     * {@code config.json}.
     */
    public void save(Path dir, String tokenizerName) throws IOException {
        requireOpen();
        Checkpoints.save(this, dir, tokenizerName);
    }

    /** Writes only the adapter tensors, in PEFT names, to one safetensors file. */
    public void saveAdapter(Path file) throws IOException {
        requireOpen();
        if (adapters.isEmpty()) {
            throw new IllegalStateException("this model has no LoRA adapters to save;"
                    + " create it with a LoraConfig");
        }
        Checkpoints.writeTensors(file, adapters);
    }

    /** Reads adapter tensors from a safetensors file written by {@link #saveAdapter}. */
    public void loadAdapter(Path file) throws IOException {
        requireOpen();
        if (adapters.isEmpty()) {
            throw new IllegalStateException("this model has no LoRA adapters to load into;"
                    + " create it with a LoraConfig");
        }
        try (NDManager scope = manager.newSubManager(Device.cpu())) {
            Map<String, NDArray> tensors = org.stpplatform.engine.io.Safetensors.read(file, scope);
            for (String name : tensors.keySet()) {
                if (!adapters.containsKey(name)) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + file
                            + " is not an adapter of this model");
                }
            }
            loadWeights(tensors);
        }
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** Returns the adapter settings, or null when the model has no adapters. */
    public LoraConfig loraConfig() {
        return lora;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray keyPaddingMask, boolean useAdapters) {
        return logits(tokens, keyPaddingMask, useAdapters, false);
    }

    /**
     * Computes the logits as {@link #logits(NDArray, NDArray, boolean)}. With {@code training} set,
     * adapter dropout is active, which is the only random part of the forward pass.
     */
    public NDArray logits(NDArray tokens, NDArray keyPaddingMask, boolean useAdapters,
            boolean training) {
        requireOpen();
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("tokens must have shape [B, T], got " + shape);
        }
        if (shape.get(1) > config.maxSequenceLength()) {
            throw new IllegalArgumentException("sequence length " + shape.get(1)
                    + " exceeds maxSequenceLength " + config.maxSequenceLength());
        }
        if (keyPaddingMask != null && !keyPaddingMask.getShape().equals(shape)) {
            throw new IllegalArgumentException("keyPaddingMask must have the shape of tokens "
                    + shape + ", got " + keyPaddingMask.getShape());
        }
        NDManager caller = tokens.getManager();
        try (NDManager scope = caller.newSubManager(device)) {
            Forward forward = new Forward(scope, useAdapters && !adapters.isEmpty(), training);
            NDArray logits = forward.run(tokens, keyPaddingMask);
            logits.attach(caller);
            return logits;
        }
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        return adapters.isEmpty() ? base : adapters;
    }

    @Override
    public Map<String, NDArray> namedParameters() {
        return all;
    }

    /** Returns the LoRA adapter tensors by PEFT name; empty without adapters. */
    public Map<String, NDArray> adapterParameters() {
        return adapters;
    }

    /** Returns the base tensors by checkpoint name. */
    public Map<String, NDArray> baseParameters() {
        return base;
    }

    /** Returns the number of scalar parameters, base and adapters. */
    public long parameterCount() {
        long count = 0;
        for (NDArray array : all.values()) {
            count += array.getShape().size();
        }
        return count;
    }

    @Override
    public void loadWeights(Map<String, NDArray> tensors) {
        requireOpen();
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray target = all.get(entry.getKey());
            if (target == null) {
                throw new IllegalArgumentException("unknown tensor '" + entry.getKey()
                        + "'; this model has " + ParameterNames.describe(all.keySet()));
            }
            Shape actual = entry.getValue().getShape();
            if (!actual.equals(target.getShape())) {
                throw new IllegalArgumentException("tensor '" + entry.getKey() + "' has shape "
                        + actual + " but the model expects " + target.getShape());
            }
        }
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            copyInto(entry.getValue(), all.get(entry.getKey()));
        }
    }

    /** Returns a deep copy on the same device whose trainable parameters record gradients. */
    public LladaModel copy() {
        return copy(true);
    }

    /**
     * Returns a deep copy whose parameters record no gradients, for a frozen reference policy or a
     * standby model. Its forward passes inside a gradient collector build no graph.
     */
    public LladaModel frozenCopy() {
        return copy(false);
    }

    private LladaModel copy(boolean recordGradients) {
        requireOpen();
        NDManager copyManager = NDManager.newBaseManager(device);
        try {
            return new LladaModel(config, lora, device, copyManager,
                    duplicateAll(base, copyManager), duplicateAll(adapters, copyManager), recordGradients);
        } catch (RuntimeException e) {
            copyManager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        manager.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    private static Map<String, NDArray> duplicateAll(Map<String, NDArray> source, NDManager target) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : source.entrySet()) {
            NDArray copy = target.create(entry.getValue().getShape(), DataType.FLOAT32);
            copyInto(entry.getValue(), copy);
            copy.setName(entry.getKey());
            copies.put(entry.getKey(), copy);
        }
        return copies;
    }

    /**
     * Copies values into {@code target} in place, outside the autograd graph, so that arrays held by
     * an optimizer stay valid.
     */
    private static void copyInto(NDArray source, NDArray target) {
        // NOTE: only CPU targets are tested. Copying host bytes into a CUDA tensor relies on DJL's
        // set(Buffer) handling the device, which no test here has run.
        try (NDManager scope = target.getManager().newSubManager(Device.cpu())) {
            NDArray values = source.stopGradient();
            values.attach(scope);
            if (values.getDataType() != target.getDataType()) {
                values = values.toType(target.getDataType(), false);
                values.attach(scope);
            }
            if (!values.getDevice().equals(Device.cpu())) {
                values = values.toDevice(Device.cpu(), false);
                values.attach(scope);
            }
            target.set(values.toByteBuffer());
        }
    }

    private static float[] gaussian(Random random, long size, double std) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] uniform(Random random, long size, double bound) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }

    /**
     * One forward pass. Every intermediate is created from an array of {@code scope} (DJL attaches
     * an operation's result to the manager of its first operand), so closing the scope frees them.
     */
    private final class Forward {
        private final NDManager scope;
        private final boolean adaptersOn;
        private final boolean training;

        Forward(NDManager scope, boolean adaptersOn, boolean training) {
            this.scope = scope;
            this.adaptersOn = adaptersOn;
            this.training = training;
        }

        NDArray run(NDArray tokens, NDArray keyPaddingMask) {
            long batch = tokens.getShape().get(0);
            int length = (int) tokens.getShape().get(1);
            NDArray ids = inScope(tokens.reshape(tokens.getShape()));
            if (ids.getDataType() != DataType.INT64) {
                ids = ids.toType(DataType.INT64, false);
            }
            NDArray x; // [B, T, E]
            try {
                x = Embedding.embedding(ids, base.get(BASE_PREFIX + "wte.weight"), SparseFormat.DENSE)
                        .singletonOrThrow();
            } catch (EngineException e) {
                throw new IllegalArgumentException("token ids must lie in [0, "
                        + config.vocabularySize() + "): " + e.getMessage(), e);
            }
            NDArray bias = keyPaddingMask == null ? null : attentionBias(keyPaddingMask);
            NDArray cos = rotary.cos(scope, length); // [T, D]
            NDArray sin = rotary.sin(scope, length);
            for (int layer = 0; layer < config.layerCount(); layer++) {
                x = block(layer, x, bias, cos, sin, batch, length);
            }
            NDArray h = rmsNorm(x, base.get(BASE_PREFIX + "ln_f.weight"));
            return Linear.linear(h, base.get(BASE_PREFIX + "ff_out.weight")).singletonOrThrow();
        }

        /** Returns 0 for real keys and -inf for padded ones, shape [B, 1, 1, T]. */
        private NDArray attentionBias(NDArray keyPaddingMask) {
            Shape maskShape = keyPaddingMask.getShape();
            Shape biasShape = new Shape(maskShape.get(0), 1, 1, maskShape.get(1));
            NDArray keep = inScope(keyPaddingMask.reshape(biasShape));
            if (keep.getDataType() != DataType.BOOLEAN) {
                keep = keep.toType(DataType.BOOLEAN, false);
            }
            NDArray zeros = scope.zeros(biasShape, DataType.FLOAT32);
            NDArray negativeInfinity = scope.full(biasShape, Float.NEGATIVE_INFINITY);
            return NDArrays.where(keep, zeros, negativeInfinity);
        }

        /** Moves a new view of a caller's array into the scope, so the view is freed with it. */
        private NDArray inScope(NDArray view) {
            view.attach(scope);
            return view;
        }

        private NDArray block(int layer, NDArray x, NDArray bias, NDArray cos, NDArray sin,
                long batch, int length) {
            String prefix = BASE_PREFIX + "blocks." + layer + ".";
            int heads = config.headCount();
            int headWidth = config.headWidth();
            Shape split = new Shape(batch, length, heads, headWidth);

            NDArray h = rmsNorm(x, base.get(prefix + "attn_norm.weight"));
            // [B, T, E] -> [B, T, H, D] -> [B, H, T, D]
            NDArray q = project(layer, "q_proj", h).reshape(split).transpose(0, 2, 1, 3);
            NDArray k = project(layer, "k_proj", h).reshape(split).transpose(0, 2, 1, 3);
            NDArray v = project(layer, "v_proj", h).reshape(split).transpose(0, 2, 1, 3);
            q = rotary.apply(q, cos, sin);
            k = rotary.apply(k, cos, sin);

            // Scaling q rather than the scores touches T*D instead of T*T values per head.
            q = Autograd.mul(q, 1.0 / Math.sqrt(headWidth));
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, H, T, T]
            if (bias != null) {
                scores = scores.add(bias);
            }
            NDArray attended = scores.softmax(-1).matMul(v) // [B, H, T, D]
                    .transpose(0, 2, 1, 3)
                    .reshape(batch, length, config.modelWidth());
            x = x.add(project(layer, "attn_out", attended));

            h = rmsNorm(x, base.get(prefix + "ff_norm.weight"));
            NDArray gate = project(layer, "ff_proj", h);
            NDArray hidden = gate.mul(Activation.sigmoid(gate)).mul(project(layer, "up_proj", h));
            return x.add(project(layer, "ff_out", hidden));
        }

        /** Applies a block projection {@code x W^T}, plus its adapter when enabled. */
        private NDArray project(int layer, String projection, NDArray input) {
            String baseName = BASE_PREFIX + "blocks." + layer + "." + projection + ".weight";
            NDArray output = Linear.linear(input, base.get(baseName)).singletonOrThrow();
            if (!adaptersOn || !lora.targets().contains(projection)) {
                return output;
            }
            String adapterName = ADAPTER_PREFIX + BASE_PREFIX + "blocks." + layer + "." + projection;
            NDArray adapterInput = input;
            if (training && lora.dropout() > 0) {
                adapterInput = Dropout.dropout(input, (float) lora.dropout(), true)
                        .singletonOrThrow();
            }
            NDArray down = Linear.linear(adapterInput, adapters.get(adapterName + ".lora_A.weight"))
                    .singletonOrThrow(); // [B, T, r]
            NDArray up = Linear.linear(down, adapters.get(adapterName + ".lora_B.weight"))
                    .singletonOrThrow(); // [B, T, out]
            return output.add(Autograd.mul(up, lora.scale()));
        }

        /** RMSNorm: {@code x / sqrt(mean(x^2) + eps)} computed in float32, then times the weight. */
        private NDArray rmsNorm(NDArray x, NDArray weight) {
            NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
            NDArray meanSquare = x32.square().mean(new int[] {-1}, true);
            NDArray normed = x32.div(meanSquare.add(config.rmsNormEpsilon()).sqrt());
            if (normed.getDataType() != x.getDataType()) {
                normed = normed.toType(x.getDataType(), false);
            }
            return normed.mul(weight);
        }
    }
}
