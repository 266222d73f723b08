package org.stpplatform.rollout.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.rollout.metrics.RolloutMetrics;
import org.stpplatform.rollout.policy.ModelBackend;
import org.stpplatform.rollout.policy.PolicyHolder;
import org.stpplatform.rollout.policy.ServedPolicy;
import org.stpplatform.rollout.policy.WeightKind;
import org.stpplatform.rollout.web.RolloutProblems;

/**
 * Applies weight pushes. The first failed check rejects a push, and the old weights keep serving.
 * The checks run in this order: version ordering (409), body size (413), SHA-256 (400),
 * safetensors format (400), then tensor names, shapes and data types against the served model
 * (422). The tensors are then loaded into a standby copy of the model, which replaces the served
 * one between batches.
 *
 * <p>Pushes run one at a time. Pushing the served version again with the same checksum is a no-op
 * that returns 200, so a trainer may retry a push whose response it lost.
 */
public class WeightPushService {

    private static final Logger log = LoggerFactory.getLogger(WeightPushService.class);
    private static final int MAX_LISTED_NAMES = 5;

    private final PolicyHolder holder;
    private final ModelBackend backend;
    private final RolloutMetrics metrics;
    private final long maxBytes;

    public WeightPushService(PolicyHolder holder, ModelBackend backend, RolloutMetrics metrics, long maxBytes) {
        this.holder = holder;
        this.backend = backend;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    /** Returns the identity of the served weights. */
    public WeightsInfo served() {
        ServedPolicy policy = holder.current().orElseThrow(RolloutProblems::modelLoading);
        return info(policy);
    }

    private static WeightsInfo info(ServedPolicy policy) {
        return new WeightsInfo(policy.version(), policy.sha256(), policy.kind().wireName());
    }

    /**
     * Verifies and swaps in pushed weights.
     *
     * @param version policy version of the pushed weights
     * @param sha256 expected lowercase or uppercase hex SHA-256 of the body
     * @param body raw safetensors bytes, read to the end
     * @throws ApiException with status 400, 409, 413, 422 or 503 when the push is rejected
     */
    public synchronized WeightsInfo push(long version, String sha256, WeightKind kind, InputStream body) {
        long startNanos = System.nanoTime();
        boolean swapped = false;
        try {
            WeightsInfo result = verifyAndSwap(version, sha256.toLowerCase(Locale.ROOT), kind, body);
            swapped = true;
            return result;
        } catch (ApiException e) {
            log.warn("Rejected weight push version={} kind={} status={} reason={}", version, kind.wireName(),
                    e.status().value(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("Weight push version={} kind={} failed; the old weights keep serving", version,
                    kind.wireName(), e);
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Weight push failed",
                    "Loading weights of version " + version + " failed; the previous version keeps serving and"
                            + " the service log has the cause");
        } finally {
            metrics.recordSwap(Duration.ofNanos(System.nanoTime() - startNanos), swapped);
        }
    }

    private WeightsInfo verifyAndSwap(long version, String sha256, WeightKind kind, InputStream body) {
        ServedPolicy served = holder.current().orElseThrow(RolloutProblems::modelLoading);
        checkVersion(version, sha256, served);

        byte[] bytes = readLimited(body);
        String actualSha = sha256Hex(bytes);
        if (!actualSha.equals(sha256)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, RolloutProblems.INVALID_WEIGHTS, "Checksum mismatch",
                    "The body's SHA-256 is " + actualSha + " but X-Weights-Sha256 says " + sha256
                            + "; the upload was corrupted or the header is wrong",
                    List.of(new FieldViolation("X-Weights-Sha256", "does not match the body")), Map.of());
        }
        if (version == served.version()) {
            log.info("Weight push version={} sha256={} is already served", version, sha256);
            return info(served);
        }

        DiffusionModel standby = null;
        try (NDManager manager = NDManager.newBaseManager(served.model().device())) {
            Map<String, NDArray> tensors = decode(bytes, manager);
            Map<String, NDArray> checked = checkTensors(tensors, kind, served.model());
            // NOTE: the standby is a copy of the whole model, also for LoRA pushes, so a push briefly
            // needs memory for two models (for LLaDA-8B in float32, about 64 GB).
            standby = backend.copy(served.model());
            standby.loadWeights(checked);
            holder.swap(new ServedPolicy(standby, served.tokenizer(), version, sha256, kind));
            standby = null;
        } catch (IllegalArgumentException e) {
            // loadWeights rejects names or shapes that the checks above missed.
            throw invalidTensors("The model rejected the tensors: " + e.getMessage());
        } finally {
            if (standby != null) {
                standby.close();
            }
        }
        log.info("Swapped weights version={} previousVersion={} kind={} bytes={} sha256={}", version,
                served.version(), kind.wireName(), bytes.length, sha256);
        return new WeightsInfo(version, sha256, kind.wireName());
    }

    private static void checkVersion(long version, String sha256, ServedPolicy served) {
        boolean older = version < served.version();
        boolean sameVersionOtherWeights = version == served.version() && !sha256.equals(served.sha256());
        if (older || sameVersionOtherWeights) {
            throw new ApiException(HttpStatus.CONFLICT, RolloutProblems.STALE_WEIGHTS, "Stale weight version",
                    "Version " + version + (older ? " is older than" : " with other weights is already")
                            + " the served version " + served.version() + "; push a version above "
                            + served.version(),
                    List.of(), Map.of("servedVersion", served.version()));
        }
    }

    private byte[] readLimited(InputStream body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        try {
            int read;
            while ((read = body.read(chunk)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, RolloutProblems.INVALID_WEIGHTS,
                            "Weights too large", "The body exceeds " + maxBytes
                                    + " bytes (stp.rollout.limits.max-weights-size); push a LoRA adapter or load"
                                    + " full weights as a checkpoint at start");
                }
                buffer.write(chunk, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the weight push body failed", e);
        }
        return buffer.toByteArray();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private Map<String, NDArray> decode(byte[] bytes, NDManager manager) {
        try {
            return backend.readSafetensors(bytes, manager);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, RolloutProblems.INVALID_WEIGHTS, "Malformed safetensors",
                    "The body is not a valid safetensors file: " + e.getMessage(),
                    List.of(new FieldViolation("body", "is not a valid safetensors file")), Map.of());
        }
    }

    /** Checks names, shapes and data types against the served model. */
    private Map<String, NDArray> checkTensors(Map<String, NDArray> pushed, WeightKind kind, DiffusionModel model) {
        Map<String, NDArray> current = model.namedParameters();
        Set<String> adapterNames = adapterNames(model);
        if (kind == WeightKind.LORA && adapterNames.isEmpty()) {
            throw invalidTensors("The served model has no LoRA adapters; set stp.rollout.lora.rank or push kind full");
        }
        Set<String> allowed = new TreeSet<>(kind == WeightKind.LORA ? adapterNames : current.keySet());
        Set<String> required = new TreeSet<>(allowed);
        if (kind == WeightKind.FULL) {
            required.removeAll(adapterNames);
        }

        Set<String> unknown = new TreeSet<>(pushed.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw invalidTensors("Unknown tensors for a " + kind.wireName() + " push: " + firstNames(unknown));
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(pushed.keySet());
        if (!missing.isEmpty()) {
            throw invalidTensors("Missing tensors for a " + kind.wireName() + " push (" + missing.size() + "): "
                    + firstNames(missing));
        }

        for (Map.Entry<String, NDArray> entry : pushed.entrySet()) {
            NDArray target = current.get(entry.getKey());
            NDArray array = entry.getValue();
            if (!array.getShape().equals(target.getShape())) {
                throw invalidTensors("Tensor " + entry.getKey() + " has shape " + array.getShape()
                        + " but the model expects " + target.getShape());
            }
            if (!array.getDataType().isFloating()) {
                throw invalidTensors("Tensor " + entry.getKey() + " has data type " + array.getDataType()
                        + "; weights must be floating point");
            }
        }
        // The model converts floating-point tensors to its own data type while it copies them in.
        return pushed;
    }

    /** Returns the names of the adapter tensors, empty for a model without adapters. */
    private static Set<String> adapterNames(DiffusionModel model) {
        Map<String, NDArray> trainable = model.trainableParameters();
        if (trainable.size() == model.namedParameters().size()) {
            return Set.of();
        }
        return trainable.keySet();
    }

    private static String firstNames(Set<String> names) {
        List<String> listed = names.stream().limit(MAX_LISTED_NAMES).toList();
        return String.join(", ", listed) + (names.size() > MAX_LISTED_NAMES ? ", ..." : "");
    }

    private static ApiException invalidTensors(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, RolloutProblems.INVALID_WEIGHTS,
                "Weights do not match the model", detail);
    }
}
