package org.stpplatform.rollout.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shared-token protection of the weight and job endpoints ({@code stp.security.*}).
 *
 * @param apiToken token that callers send as {@code Authorization: Bearer <token>}; blank or
 *     absent turns the check off (the local default). Clusters set it from the environment
 *     variable {@code STP_API_TOKEN}.
 */
@ConfigurationProperties("stp.security")
public record SecurityProperties(String apiToken) {

    public boolean tokenRequired() {
        return apiToken != null && !apiToken.isBlank();
    }
}
