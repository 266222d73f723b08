package org.stpplatform.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stpplatform.engine.io.Safetensors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checkpoint directories in the Hugging Face layout: {@code config.json} with LLaDA's keys,
 * {@code model.safetensors} or shards listed in {@code model.safetensors.index.json}, and for LoRA
 * {@code adapter_model.safetensors} with {@code adapter_config.json} in PEFT's keys.
 */
final class Checkpoints {

    static final String CONFIG_FILE = "config.json";
    static final String WEIGHTS_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";
    static final String ADAPTER_FILE = "adapter_model.safetensors";
    static final String ADAPTER_CONFIG_FILE = "adapter_config.json";

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Checkpoints() {
    }

    static void save(LladaModel model, Path dir, String tokenizerName) throws IOException {
        Files.createDirectories(dir);
        writeTensors(dir.resolve(WEIGHTS_FILE), model.baseParameters());
        writeJson(dir.resolve(CONFIG_FILE), configJson(model.config(), tokenizerName));
        if (model.loraConfig() != null) {
            writeTensors(dir.resolve(ADAPTER_FILE), model.adapterParameters());
            writeJson(dir.resolve(ADAPTER_CONFIG_FILE), adapterConfigJson(model.loraConfig()));
        }
        log.info("Saved checkpoint dir={} parameters={}", dir, model.parameterCount());
    }

    static void writeTensors(Path file, Map<String, NDArray> tensors) throws IOException {
        Safetensors.write(file, tensors, Map.of("format", "pt"));
    }

    static LladaModel load(Path path, LoraConfig lora, Device device) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("checkpoint " + path + " does not exist");
        }
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        List<Path> weightFiles = weightFiles(path);
        ModelConfig config = readConfig(dir.resolve(CONFIG_FILE));
        checkNamesAndShapes(config, weightFiles);

        LladaModel model = LladaModel.createEmpty(config, lora, device, 0);
        try {
            for (Path file : weightFiles) {
                try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
                    model.loadWeights(Safetensors.read(file, scope));
                }
            }
            Path adapterFile = dir.resolve(ADAPTER_FILE);
            if (lora != null && Files.isRegularFile(adapterFile)) {
                model.loadAdapter(adapterFile);
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        log.info("Loaded checkpoint path={} files={} device={} parameters={}",
                path, weightFiles.size(), device, model.parameterCount());
        return model;
    }

    /** Returns the weight files of a checkpoint: the file itself, the index's shards, or the file. */
    private static List<Path> weightFiles(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        Path index = path.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            JsonNode weightMap = JSON.readTree(index.toFile()).get("weight_map");
            if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
                throw new IOException(index + " has no weight_map object");
            }
            Set<String> shards = new LinkedHashSet<>();
            for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
                shards.add(entry.getValue().asString());
            }
            List<Path> files = new ArrayList<>();
            for (String shard : shards) {
                Path file = path.resolve(shard).normalize();
                if (!file.startsWith(path.normalize()) || !Files.isRegularFile(file)) {
                    throw new IOException("shard '" + shard + "' listed in " + index
                            + " is missing or outside the checkpoint directory");
                }
                files.add(file);
            }
            return files;
        }
        Path single = path.resolve(WEIGHTS_FILE);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        throw new IOException("checkpoint directory " + path + " contains neither " + WEIGHTS_FILE
                + " nor " + INDEX_FILE);
    }

    /**
     * Checks the headers of all files before any tensor is read. Each base tensor must appear exactly
     * once with the shape that the config implies, and no other tensor may appear.
     */
    private static void checkNamesAndShapes(ModelConfig config, List<Path> files) throws IOException {
        Map<String, Shape> expected = ParameterNames.baseShapes(config);
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : files) {
            for (Map.Entry<String, Safetensors.TensorInfo> entry
                    : Safetensors.readTensorInfo(file).entrySet()) {
                String name = entry.getKey();
                Shape want = expected.get(name);
                if (want == null) {
                    throw new IOException("tensor '" + name + "' in " + file
                            + " is not part of a LLaDA model with this config.json");
                }
                Shape actual = entry.getValue().djlShape();
                if (!actual.equals(want)) {
                    throw new IOException("tensor '" + name + "' in " + file + " has shape " + actual
                            + " but config.json implies " + want);
                }
                Path previous = seen.put(name, file);
                if (previous != null) {
                    throw new IOException("tensor '" + name + "' appears in both " + previous
                            + " and " + file);
                }
            }
        }
        for (String name : expected.keySet()) {
            if (!seen.containsKey(name)) {
                throw new IOException("checkpoint is missing tensor '" + name + "'");
            }
        }
    }

    /**
     * Writes the config with the keys of LLaDA's Hugging Face {@code config.json}, so that the same
     * reader serves both this project's checkpoints and the published ones.
     */
    static ObjectNode configJson(ModelConfig config, String tokenizerName) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("architectures").add("LLaDAModelLM");
        node.put("model_type", "llada");
        node.put("d_model", config.modelWidth());
        node.put("n_heads", config.headCount());
        node.put("n_kv_heads", config.headCount());
        node.put("n_layers", config.layerCount());
        node.put("mlp_hidden_size", config.feedForwardWidth());
        node.put("vocab_size", config.vocabularySize());
        node.put("embedding_size", config.vocabularySize());
        node.put("max_sequence_length", config.maxSequenceLength());
        node.put("rope_theta", config.ropeTheta());
        node.put("rms_norm_eps", config.rmsNormEpsilon());
        node.put("mask_token_id", config.maskTokenId());
        node.put("eos_token_id", config.eosTokenId());
        node.put("pad_token_id", config.eosTokenId());
        node.put("include_bias", false);
        node.put("weight_tying", false);
        if (tokenizerName != null) {
            node.put("stp_tokenizer", tokenizerName);
        }
        return node;
    }

    static ModelConfig readConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint config " + file + " is missing");
        }
        JsonNode node = JSON.readTree(file.toFile());
        int vocabulary = node.has("embedding_size")
                ? requiredInt(node, "embedding_size", file) : requiredInt(node, "vocab_size", file);
        if (node.path("include_bias").asBoolean(false) || node.path("weight_tying").asBoolean(false)) {
            throw new IOException(file + " sets include_bias or weight_tying, which this model does"
                    + " not implement");
        }
        if (node.has("n_kv_heads") && node.get("n_kv_heads").asInt() != node.path("n_heads").asInt()) {
            throw new IOException(file + " uses grouped-query attention (n_kv_heads "
                    + node.get("n_kv_heads").asInt() + "), which this model does not implement");
        }
        try {
            return new ModelConfig(
                    vocabulary,
                    requiredInt(node, "d_model", file),
                    requiredInt(node, "n_layers", file),
                    requiredInt(node, "n_heads", file),
                    requiredInt(node, "mlp_hidden_size", file),
                    node.path("rope_theta").asDouble(10000.0),
                    node.path("max_sequence_length").asInt(4096),
                    node.path("rms_norm_eps").asDouble(1e-5),
                    requiredInt(node, "mask_token_id", file),
                    requiredInt(node, "eos_token_id", file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " describes an invalid model: " + e.getMessage(), e);
        }
    }

    /** Returns the tokenizer name recorded by {@link #save}, or null. */
    static String readTokenizerName(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode name = JSON.readTree(file.toFile()).get("stp_tokenizer");
        return name == null ? null : name.asString();
    }

    private static ObjectNode adapterConfigJson(LoraConfig lora) {
        ObjectNode node = JSON.createObjectNode();
        node.put("peft_type", "LORA");
        node.put("r", lora.rank());
        node.put("lora_alpha", lora.alpha());
        node.put("lora_dropout", lora.dropout());
        node.put("bias", "none");
        var targets = node.putArray("target_modules");
        for (String target : LoraConfig.SUPPORTED_TARGETS) {
            if (lora.targets().contains(target)) {
                targets.add(target);
            }
        }
        return node;
    }

    private static int requiredInt(JsonNode node, String key, Path file) throws IOException {
        JsonNode value = node.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IOException(file + " needs an integer '" + key + "'");
        }
        return value.asInt();
    }

    private static void writeJson(Path file, JsonNode node) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(),
                file.getFileName().toString(), ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), node);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
