package org.stpplatform.trainer.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** Builds the trainer's HTTP clients and maps their failures to the two client exceptions. */
final class HttpClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY_IN_MESSAGE = 2000;

    private HttpClients() {
    }

    static RestClient restClient(RestClient.Builder builder, String baseUrl, Duration readTimeout, String bearerToken) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(readTimeout);
        RestClient.Builder configured = builder.clone().baseUrl(baseUrl).requestFactory(factory);
        if (bearerToken != null && !bearerToken.isBlank()) {
            configured.defaultHeader("Authorization", "Bearer " + bearerToken);
        }
        return configured.build();
    }

    /**
     * Runs one request.
     *
     * @throws ServiceUnavailableException when the service is unreachable, times out or responds with 5xx
     * @throws RemoteRequestException when it responds with 4xx
     */
    static <T> T call(String baseUrl, String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceAccessException e) {
            throw new ServiceUnavailableException(baseUrl, operation + " failed: " + baseUrl + " is unreachable ("
                    + e.getMostSpecificCause().getClass().getSimpleName() + ")", e);
        } catch (RestClientResponseException e) {
            HttpStatusCode status = e.getStatusCode();
            String body = truncate(e.getResponseBodyAsString());
            if (status.is5xxServerError()) {
                throw new ServiceUnavailableException(baseUrl, operation + " failed: " + baseUrl + " responded with "
                        + status.value() + ": " + body, e);
            }
            throw new RemoteRequestException(operation + " rejected by " + baseUrl + " with status "
                    + status.value() + ": " + body, status.value(), body);
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
