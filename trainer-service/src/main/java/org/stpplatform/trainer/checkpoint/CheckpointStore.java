package org.stpplatform.trainer.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stpplatform.trainer.TrainerProperties;

/**
 * Checkpoint directories of runs under {@code <data-dir>/checkpoints/<runId>/step-<n>} and their
 * records. A directory is written completely under a temporary name and then renamed, so a
 * recorded checkpoint is never half written.
 */
@Service
public class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    /** Weights file that {@code LladaModel.save} writes; its SHA-256 is recorded. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    private final CheckpointRepository checkpoints;
    private final TrainerProperties properties;
    private final Clock clock;

    public CheckpointStore(CheckpointRepository checkpoints, TrainerProperties properties, Clock clock) {
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.clock = clock;
    }

    /** Writes the files of one checkpoint into a directory. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(Path directory) throws IOException;
    }

    /**
     * Writes, records and prunes: the new checkpoint is recorded, and checkpoints beyond the newest
     * {@code retention} are deleted with their files.
     */
    @Transactional
    public CheckpointEntity save(String runId, long step, long policyVersion, int retention, CheckpointWriter writer)
            throws IOException {
        Path runDir = properties.checkpointRoot().resolve(runId);
        Files.createDirectories(runDir);
        Path target = runDir.resolve(String.format("step-%06d", step));
        Path temporary = runDir.resolve(String.format(".step-%06d.partial", step));
        deleteTree(temporary);
        Files.createDirectories(temporary);
        writer.write(temporary);
        deleteTree(target);
        Files.move(temporary, target);
        Path weights = target.resolve(WEIGHTS_FILE);
        String sha256 = sha256(weights);
        long size = Files.size(weights);
        checkpoints.deleteAfter(runId, step - 1);
        CheckpointEntity saved = checkpoints.save(new CheckpointEntity(runId, step, policyVersion,
                target.toAbsolutePath().toString(), sha256, size, clock.instant()));
        log.info("Checkpoint written runId={} step={} policyVersion={} path={} sha256={}", runId, step,
                policyVersion, target, sha256);
        prune(runId, retention);
        return saved;
    }

    /** Returns the newest checkpoint of a run whose directory still exists. */
    @Transactional(readOnly = true)
    public Optional<CheckpointEntity> latest(String runId) {
        return checkpoints.findByRunIdOrdered(runId).stream()
                .sorted(Comparator.comparingLong(CheckpointEntity::getStep).reversed())
                .filter(c -> Files.isRegularFile(Path.of(c.getPath()).resolve(WEIGHTS_FILE)))
                .findFirst();
    }

    private void prune(String runId, int retention) {
        List<CheckpointEntity> all = checkpoints.findByRunIdOrdered(runId);
        int excess = all.size() - retention;
        for (int i = 0; i < excess; i++) {
            CheckpointEntity old = all.get(i);
            try {
                deleteTree(Path.of(old.getPath()));
            } catch (IOException e) {
                log.warn("Deleting old checkpoint files failed runId={} step={} path={} error={}", runId,
                        old.getStep(), old.getPath(), e.toString());
            }
            checkpoints.delete(old);
            log.info("Checkpoint removed by retention runId={} step={} retention={}", runId, old.getStep(), retention);
        }
    }

    /** Returns the SHA-256 of a file, lowercase hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
