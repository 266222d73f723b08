package org.stpplatform.rollout.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.engine.Devices;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.LoraConfig;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.tokenizer.HuggingFaceTokenizer;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.rollout.config.RolloutProperties;

/**
 * Loads LLaDA-architecture models with the engine.
 *
 * <p>{@code builtin:<name>} builds the engine's named configuration and takes its weights from, in
 * order: {@code stp.rollout.checkpoint}; the classpath resource
 * {@code /models/<name>/model.safetensors} (the base checkpoint the launcher ships); a random
 * initialisation from {@code stp.rollout.init-seed}, logged as a warning. A directory path loads
 * {@code config.json}, the safetensors weights and {@code tokenizer.json} from that directory.
 */
public class EngineModelBackend implements ModelBackend {

    private static final Logger log = LoggerFactory.getLogger(EngineModelBackend.class);
    private static final String BUILTIN_PREFIX = "builtin:";

    /** Checkpoint files above this size are not hashed at start; their sha256 is reported as null. */
    private static final long MAX_HASHED_CHECKPOINT_BYTES = 4L << 30;

    private final RolloutProperties properties;

    public EngineModelBackend(RolloutProperties properties) {
        this.properties = properties;
    }

    @Override
    public LoadedModel loadConfigured() {
        Device device = Devices.select(properties.device());
        LoraConfig lora = properties.lora().enabled()
                ? new LoraConfig(properties.lora().rank(), properties.lora().alpha(), 0.0, properties.lora().targets())
                : null;
        try {
            if (properties.model().startsWith(BUILTIN_PREFIX)) {
                return loadBuiltin(properties.model().substring(BUILTIN_PREFIX.length()), lora, device);
            }
            return loadDirectory(Path.of(properties.model()), lora, device);
        } catch (IOException e) {
            throw new UncheckedIOException("loading model " + properties.model() + " failed: " + e.getMessage(), e);
        }
    }

    private LoadedModel loadBuiltin(String name, LoraConfig lora, Device device) throws IOException {
        ModelConfig config = BuiltinModels.config(name);
        TextTokenizer tokenizer = BuiltinModels.tokenizer(name);
        if (properties.checkpoint() != null) {
            LladaModel model = LladaModel.load(properties.checkpoint(), lora, device);
            if (!model.config().equals(config)) {
                model.close();
                throw new IllegalArgumentException("checkpoint " + properties.checkpoint() + " has config "
                        + model.config() + " but built-in model " + name + " needs " + config);
            }
            return new LoadedModel(model, tokenizer, checkpointSha256(properties.checkpoint()),
                    "checkpoint " + properties.checkpoint());
        }
        String resource = "/models/" + name + "/model.safetensors";
        try (InputStream stream = EngineModelBackend.class.getResourceAsStream(resource)) {
            if (stream != null) {
                byte[] bytes = stream.readAllBytes();
                LladaModel model = LladaModel.create(config, lora, device, properties.initSeed());
                try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
                    model.loadWeights(Safetensors.fromBytes(bytes, scope));
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
                return new LoadedModel(model, tokenizer, Safetensors.sha256(bytes), "classpath " + resource);
            }
        }
        log.warn("No checkpoint for built-in model={}: neither stp.rollout.checkpoint nor classpath resource {}"
                + " exists; serving random weights from initSeed={}", name, resource, properties.initSeed());
        LladaModel model = LladaModel.create(config, lora, device, properties.initSeed());
        return new LoadedModel(model, tokenizer, null, "random initialisation seed " + properties.initSeed());
    }

    private LoadedModel loadDirectory(Path dir, LoraConfig lora, Device device) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("stp.rollout.model '" + dir + "' is neither builtin:<name> with a name"
                    + " from " + BuiltinModels.names() + " nor a model directory");
        }
        Path weights = properties.checkpoint() != null ? properties.checkpoint() : dir;
        LladaModel model = LladaModel.load(weights, lora, device);
        TextTokenizer tokenizer;
        try {
            ModelConfig config = model.config();
            tokenizer = HuggingFaceTokenizer.load(dir.resolve("tokenizer.json"), config.vocabularySize(),
                    config.maskTokenId(), config.eosTokenId());
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new LoadedModel(model, tokenizer, checkpointSha256(weights), "directory " + weights);
    }

    /** Returns the SHA-256 of a single-file checkpoint, or null for sharded or very large ones. */
    private static String checkpointSha256(Path checkpoint) throws IOException {
        Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve("model.safetensors") : checkpoint;
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_HASHED_CHECKPOINT_BYTES) {
            return null;
        }
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    @Override
    public DiffusionModel copy(DiffusionModel model) {
        if (model instanceof LladaModel llada) {
            return llada.copy();
        }
        throw new IllegalStateException("cannot copy a " + model.getClass().getSimpleName()
                + "; weight pushes need a LladaModel");
    }

    @Override
    public Map<String, NDArray> readSafetensors(byte[] bytes, NDManager manager) {
        try {
            return Safetensors.fromBytes(bytes, manager);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // The header parser reports malformed JSON with Jackson's own exception type.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
