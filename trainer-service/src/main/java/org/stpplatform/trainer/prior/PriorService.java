package org.stpplatform.trainer.prior;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored priors of spatial pruning. A prior set is keyed by everything that changes its anchors
 * (dataset, model, decoding, strategy, rho, seed), so runs with the same settings reuse it.
 */
@Service
public class PriorService {

    private static final Logger log = LoggerFactory.getLogger(PriorService.class);

    private final PriorSetRepository sets;
    private final PriorRepository priors;
    private final Clock clock;

    public PriorService(PriorSetRepository sets, PriorRepository priors, Clock clock) {
        this.sets = sets;
        this.priors = priors;
        this.clock = clock;
    }

    /**
     * Prior of one prompt.
     *
     * @param tokenIds N completion token ids sampled from the base model
     * @param anchors N flags, true where the prior token is kept fixed
     */
    public record Prior(int[] tokenIds, boolean[] anchors) {
    }

    /** Returns the SHA-256 key of a description of the settings. */
    public static String key(String description) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Returns the stored priors by prompt id, or empty when no complete set exists for the key. */
    @Transactional(readOnly = true)
    public Optional<Map<String, Prior>> find(String description) {
        Optional<PriorSetEntity> set = sets.findByPriorKey(key(description));
        if (set.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Prior> byPrompt = new HashMap<>();
        for (PriorEntity prior : priors.findByPriorSetId(set.get().getId())) {
            byPrompt.put(prior.getPromptId(), new Prior(prior.getTokenIds(), prior.getAnchors()));
        }
        log.info("Priors reused key={} prompts={} description={}", set.get().getPriorKey(), byPrompt.size(),
                description);
        return Optional.of(byPrompt);
    }

    /**
     * Stores a complete prior set in one transaction. When another run stored the same key first,
     * the stored set is kept and returned.
     */
    @Transactional
    public Map<String, Prior> store(String description, Map<String, Prior> byPrompt) {
        String key = key(description);
        Optional<PriorSetEntity> existing = sets.findByPriorKey(key);
        if (existing.isPresent()) {
            return find(description).orElseThrow();
        }
        PriorSetEntity set = sets.save(new PriorSetEntity(key, description, byPrompt.size(), clock.instant()));
        List<PriorEntity> rows = byPrompt.entrySet().stream()
                .map(e -> new PriorEntity(set.getId(), e.getKey(), e.getValue().tokenIds(), e.getValue().anchors()))
                .toList();
        priors.saveAll(rows);
        log.info("Priors stored key={} prompts={} description={}", key, rows.size(), description);
        return Map.copyOf(byPrompt);
    }
}
