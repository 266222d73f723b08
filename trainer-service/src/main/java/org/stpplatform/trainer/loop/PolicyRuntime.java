package org.stpplatform.trainer.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.engine.Devices;
import org.stpplatform.engine.estimator.Estimator;
import org.stpplatform.engine.grpo.AdamW;
import org.stpplatform.engine.grpo.AdvantageMode;
import org.stpplatform.engine.grpo.GrpoGroup;
import org.stpplatform.engine.grpo.GrpoSettings;
import org.stpplatform.engine.grpo.GrpoStep;
import org.stpplatform.engine.grpo.LossAggregation;
import org.stpplatform.engine.grpo.StepResult;
import org.stpplatform.engine.grpo.ZeroSpreadPolicy;
import org.stpplatform.engine.estimator.LogLikelihoodEstimator;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.LoraConfig;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.HuggingFaceTokenizer;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.trainer.checkpoint.CheckpointStore;
import org.stpplatform.trainer.client.RolloutClient;
import org.stpplatform.trainer.config.Algorithm;
import org.stpplatform.trainer.config.ModelCatalog;
import org.stpplatform.trainer.config.RunConfig;

/**
 * The policy of one run inside the trainer JVM: the trained model, the reference policy, the
 * AdamW optimizer and the tokenizer.
 *
 * <p>The reference is the starting model without adapters for LoRA runs, otherwise a frozen copy
 * of the starting weights (made from the starting checkpoint again on resume). Only one gradient
 * collector may be open per JVM, so {@link #update} holds a JVM-wide lock: runs update one at a
 * time.
 */
final class PolicyRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyRuntime.class);
    private static final ReentrantLock UPDATE_LOCK = new ReentrantLock();

    /** Optimizer state file inside a checkpoint directory. */
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** Rows per forward pass of the update; gradients of the micro-batches accumulate. */
    private static final int MICRO_BATCH_SIZE = 16;

    private final RunConfig config;
    private final LladaModel policy;
    private final LladaModel reference;
    private final AdamW optimizer;
    private final TextTokenizer tokenizer;
    private final GrpoStep grpo;

    private PolicyRuntime(RunConfig config, LladaModel policy, LladaModel reference, AdamW optimizer,
            TextTokenizer tokenizer, int varianceProbeSeeds) {
        this.config = config;
        this.policy = policy;
        this.reference = reference;
        this.optimizer = optimizer;
        this.tokenizer = tokenizer;
        this.grpo = new GrpoStep(policy, reference, optimizer, grpoSettings(config, varianceProbeSeeds));
    }

    /**
     * Loads the run's starting model, or the weights and optimizer state of a checkpoint when
     * resuming.
     *
     * @param checkpointDir checkpoint to resume from, or null to start from the configured model
     * @param varianceProbeSeeds mask seeds of the estimator variance probe after each update; 0 turns it off
     */
    static PolicyRuntime open(RunConfig config, Path checkpointDir, int varianceProbeSeeds) throws IOException {
        Device device = Devices.select(config.model().device());
        LoraConfig lora = loraConfig(config);
        LladaModel start = loadStart(config, lora, device);
        TextTokenizer tokenizer;
        try {
            tokenizer = tokenizer(config, start.config());
        } catch (IOException | RuntimeException e) {
            start.close();
            throw e;
        }
        LladaModel policy = null;
        LladaModel reference = null;
        AdamW optimizer = null;
        try {
            if (checkpointDir != null) {
                policy = LladaModel.load(checkpointDir, lora, device);
            } else {
                policy = start.copy();
            }
            // LoRA runs use the policy with adapters off as the reference; full-weight runs keep the start.
            if (lora == null) {
                reference = start;
            } else {
                start.close();
            }
            optimizer = new AdamW(policy.trainableParameters(), optimizerSettings(config));
            Path optimizerState = checkpointDir == null ? null : checkpointDir.resolve(OPTIMIZER_FILE);
            if (optimizerState != null && Files.isRegularFile(optimizerState)) {
                optimizer.loadState(Files.readAllBytes(optimizerState));
            }
            log.info("Policy loaded model={} device={} lora={} parameters={} resumedFrom={}", config.model().name(),
                    device, lora != null, policy.parameterCount(), checkpointDir);
            return new PolicyRuntime(config, policy, reference, optimizer, tokenizer, varianceProbeSeeds);
        } catch (IOException | RuntimeException e) {
            closeQuietly(optimizer);
            closeQuietly(policy);
            closeQuietly(reference);
            if (reference == null) {
                closeQuietly(start);
            }
            if (tokenizer instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            throw e;
        }
    }

    TextTokenizer tokenizer() {
        return tokenizer;
    }

    LladaModel policy() {
        return policy;
    }

    /** Returns the starting (base) model used for priors: the frozen copy, or the policy for LoRA runs. */
    LladaModel baseModel() {
        return reference != null ? reference : policy;
    }

    /** Encodes a question with the model's prompt template. */
    int[] promptIds(String systemText, String question) {
        return tokenizer.encodePrompt(systemText, question);
    }

    /** Serialises the weights the replicas need: the adapters for LoRA runs, otherwise every tensor. */
    PolicyWeights weights() {
        boolean lora = config.lora() != null;
        byte[] bytes = Safetensors.toBytes(lora ? policy.adapterParameters() : policy.namedParameters());
        return new PolicyWeights(bytes, Safetensors.sha256(bytes), lora ? RolloutClient.KIND_LORA : RolloutClient.KIND_FULL);
    }

    /**
     * Serialises the starting weights for the priors: the frozen copy for full-weight runs. For
     * LoRA runs the replicas keep their base model, so the current adapters are sent.
     */
    PolicyWeights baseWeights() {
        if (reference == null) {
            return weights();
        }
        byte[] bytes = Safetensors.toBytes(reference.namedParameters());
        return new PolicyWeights(bytes, Safetensors.sha256(bytes), RolloutClient.KIND_FULL);
    }

    /** Runs one GRPO update (mu inner iterations); one run at a time per JVM. */
    StepResult update(List<GrpoGroup> groups, long stepSeed) {
        UPDATE_LOCK.lock();
        try {
            return grpo.run(groups, stepSeed);
        } finally {
            UPDATE_LOCK.unlock();
        }
    }

    /** Writes the model checkpoint and the optimizer state into {@code dir}. */
    void save(Path dir) throws IOException {
        policy.save(dir);
        Files.write(dir.resolve(OPTIMIZER_FILE), optimizer.saveState());
    }

    @Override
    public void close() {
        if (tokenizer instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
        }
        closeQuietly(optimizer);
        closeQuietly(policy);
        closeQuietly(reference);
    }

    static boolean usesCompactPrompts(RunConfig config) {
        return !ModelCatalog.CUSTOM.equals(config.model().name())
                && !BuiltinModels.LLADA_8B.equals(config.model().name());
    }

    private static LladaModel loadStart(RunConfig config, LoraConfig lora, Device device) throws IOException {
        String checkpoint = config.model().checkpoint();
        if (checkpoint != null) {
            return LladaModel.load(Path.of(checkpoint), lora, device);
        }
        // Without a checkpoint a built-in model starts from the base checkpoint shipped on the
        // classpath (as the rollout service does), else from random weights seeded by the run.
        ModelConfig modelConfig = BuiltinModels.config(config.model().name());
        String resource = "/models/" + config.model().name() + "/" + CheckpointStore.WEIGHTS_FILE;
        try (InputStream stream = PolicyRuntime.class.getResourceAsStream(resource)) {
            LladaModel model = LladaModel.create(modelConfig, lora, device, config.seed());
            if (stream == null) {
                log.warn("No base checkpoint for built-in model={} at classpath {}; starting from random weights "
                        + "seed={}", config.model().name(), resource, config.seed());
                return model;
            }
            try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
                model.loadWeights(Safetensors.fromBytes(stream.readAllBytes(), scope));
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            log.info("Base checkpoint loaded model={} resource={}", config.model().name(), resource);
            return model;
        }
    }

    private static TextTokenizer tokenizer(RunConfig config, ModelConfig modelConfig) throws IOException {
        if (config.model().tokenizer() != null) {
            return HuggingFaceTokenizer.load(Path.of(config.model().tokenizer()), modelConfig.vocabularySize(),
                    modelConfig.maskTokenId(), modelConfig.eosTokenId());
        }
        return BuiltinModels.tokenizer(config.model().name());
    }

    private static LoraConfig loraConfig(RunConfig config) {
        RunConfig.LoraSpec lora = config.lora();
        if (lora == null) {
            return null;
        }
        return new LoraConfig(lora.rank(), lora.alpha(), lora.dropout() == null ? 0.0 : lora.dropout(),
                new HashSet<>(lora.targets()));
    }

    static AdamW.Settings optimizerSettings(RunConfig config) {
        RunConfig.OptimizerConfig optimizer = config.optimizer();
        double clip = optimizer.gradientClipNorm() > 0 ? optimizer.gradientClipNorm() : Double.POSITIVE_INFINITY;
        return new AdamW.Settings(optimizer.learningRate(), optimizer.beta1(), optimizer.beta2(),
                optimizer.epsilon(), optimizer.weightDecay(), clip);
    }

    static GrpoSettings grpoSettings(RunConfig config, int varianceProbeSeeds) {
        AdvantageMode advantages = config.algorithm() == Algorithm.DIFFU_GRPO
                ? AdvantageMode.MEAN_ONLY : AdvantageMode.STD_NORMALIZED;
        return new GrpoSettings(config.innerIterations(), config.clipEpsilon(), config.klBeta(),
                Estimator.valueOf(config.estimator().name()), config.estimatorSamples(),
                LogLikelihoodEstimator.DEFAULT_PROMPT_MASK_PROBABILITY, advantages,
                ZeroSpreadPolicy.valueOf(config.zeroSpreadGroups().name()),
                LossAggregation.TOKEN_MEAN, MICRO_BATCH_SIZE, varianceProbeSeeds);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing {} failed error={}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
