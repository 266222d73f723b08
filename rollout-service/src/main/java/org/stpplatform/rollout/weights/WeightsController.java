package org.stpplatform.rollout.weights;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.rollout.generation.RequestValidator;
import org.stpplatform.rollout.policy.WeightKind;

/**
 * {@code PUT /v1/weights}: a raw safetensors body with the headers {@code X-Policy-Version},
 * {@code X-Weights-Sha256} and {@code X-Weights-Kind} ({@code full}, the default, or {@code lora}).
 * {@code GET /v1/weights}: the served version and checksum.
 */
@RestController
@RequestMapping("/v1/weights")
class WeightsController {

    static final String VERSION_HEADER = "X-Policy-Version";
    static final String SHA256_HEADER = "X-Weights-Sha256";
    static final String KIND_HEADER = "X-Weights-Kind";

    private final WeightPushService service;

    WeightsController(WeightPushService service) {
        this.service = service;
    }

    @GetMapping
    WeightsInfo served() {
        return service.served();
    }

    @PutMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    WeightsInfo push(
            @RequestHeader(name = VERSION_HEADER, required = false) String version,
            @RequestHeader(name = SHA256_HEADER, required = false) String sha256,
            @RequestHeader(name = KIND_HEADER, required = false) String kind,
            HttpServletRequest request) throws IOException {
        RequestValidator.Violations violations = new RequestValidator.Violations();
        Long parsedVersion = parseVersion(version, violations);
        String parsedSha = parseSha256(sha256, violations);
        WeightKind parsedKind = parseKind(kind, violations);
        violations.throwIfAny();
        return service.push(parsedVersion, parsedSha, parsedKind, request.getInputStream());
    }

    private static Long parseVersion(String value, RequestValidator.Violations violations) {
        if (value == null || value.isBlank()) {
            violations.add(VERSION_HEADER, "is missing; give the policy version of the weights as an integer >= 0");
            return null;
        }
        try {
            long version = Long.parseLong(value.trim());
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // Reported below together with negative values.
        }
        violations.add(VERSION_HEADER, "is '" + value + "' but must be an integer >= 0");
        return null;
    }

    private static String parseSha256(String value, RequestValidator.Violations violations) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() != 64 || !trimmed.chars().allMatch(HexFormat::isHexDigit)) {
            violations.add(SHA256_HEADER, "must be the SHA-256 of the body as 64 hex digits");
            return null;
        }
        return trimmed;
    }

    private static WeightKind parseKind(String value, RequestValidator.Violations violations) {
        if (value == null || value.isBlank()) {
            return WeightKind.FULL;
        }
        try {
            return WeightKind.fromWireName(value);
        } catch (IllegalArgumentException e) {
            violations.add(KIND_HEADER, e.getMessage());
            return null;
        }
    }
}
