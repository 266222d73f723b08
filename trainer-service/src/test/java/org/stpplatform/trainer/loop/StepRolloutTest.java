package org.stpplatform.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.AckResponse;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.trainer.client.RewardClient;
import org.stpplatform.trainer.client.RolloutApi;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects one step's groups from a scripted reward queue on a loopback HTTP server. The script
 * returns groups the way the reward service does when a claimer holds unacknowledged leases:
 * each claim repeats the claimer's accepted groups next to new ones.
 */
class StepRolloutTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN_ID = "run-test";
    private static final String CLAIMER_ID = "trainer-" + RUN_ID;
    private static final long STEP = 2;
    private static final long STEP_VERSION = 5;

    private final Deque<List<ScoredGroup>> scriptedClaims = new ArrayDeque<>();
    private final List<ClaimRequest> claims = Collections.synchronizedList(new ArrayList<>());
    private final List<AckRequest> acks = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private RewardClient reward;

    @BeforeEach
    void startQueue() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/groups/claim", exchange -> {
            claims.add(JSON.readValue(exchange.getRequestBody(), ClaimRequest.class));
            List<ScoredGroup> groups;
            synchronized (scriptedClaims) {
                groups = scriptedClaims.isEmpty() ? List.of() : scriptedClaims.poll();
            }
            respond(exchange, new ClaimResponse(groups, null));
        });
        server.createContext("/v1/groups/ack", exchange -> {
            AckRequest request = JSON.readValue(exchange.getRequestBody(), AckRequest.class);
            acks.add(request);
            respond(exchange, new AckResponse(request.groupIds().size()));
        });
        server.start();
        reward = new RewardClient(RestClient.builder(), "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stopQueue() {
        server.stop(0);
    }

    @Test
    void redeliveredGroupsEnterStepOnce() {
        ScoredGroup first = group(STEP, STEP_VERSION, "p-1");
        ScoredGroup second = group(STEP, STEP_VERSION, "p-2");
        ScoredGroup earlierStep = group(STEP - 1, STEP_VERSION - 1, "p-1");
        ScoredGroup olderVersion = group(STEP, STEP_VERSION - 1, "p-2");
        ScoredGroup duplicate = group(STEP, STEP_VERSION - 1, "p-1");
        scriptedClaims.add(List.of(earlierStep, olderVersion, first));
        scriptedClaims.add(List.of(second, duplicate, first));
        StepRollout rollout = rollout("p-1", "p-2");

        StepRollout.Result result = collect(rollout);
        List<AckRequest> acksDuringCollect = List.copyOf(acks);
        rollout.acknowledgeAccepted(reward, CLAIMER_ID);

        assertThat(result.groups()).containsExactly(first, second);
        assertThat(result.droppedStale()).isEqualTo(2);
        assertThat(claims).hasSize(2);
        assertThat(claims).extracting(ClaimRequest::claimerId).containsOnly(CLAIMER_ID);
        assertThat(acksDuringCollect).extracting(AckRequest::groupIds).containsExactly(
                List.of(earlierStep.groupId(), olderVersion.groupId()), List.of(duplicate.groupId()));
        assertThat(acks).hasSize(3);
        assertThat(acks.get(2).groupIds()).containsExactly(first.groupId(), second.groupId());
        assertThat(acks).extracting(AckRequest::claimerId).containsOnly(CLAIMER_ID);
    }

    @Test
    void acceptedGroupIsNotAcknowledgedEarly() {
        ScoredGroup first = group(STEP, STEP_VERSION, "p-1");
        ScoredGroup second = group(STEP, STEP_VERSION, "p-2");
        scriptedClaims.add(List.of(first));
        scriptedClaims.add(List.of(first));
        scriptedClaims.add(List.of(first, second));
        StepRollout rollout = rollout("p-1", "p-2");

        StepRollout.Result result = collect(rollout);

        assertThat(result.groups()).containsExactly(first, second);
        assertThat(result.droppedStale()).isZero();
        assertThat(claims).hasSize(3);
        assertThat(acks).isEmpty();
    }

    private StepRollout.Result collect(StepRollout rollout) {
        return rollout.collect(reward, CLAIMER_ID, Duration.ofSeconds(60), new SleepingControl(),
                Duration.ofMillis(20), Duration.ofMillis(20), version -> version == STEP_VERSION, List::of,
                STEP_VERSION);
    }

    private static StepRollout rollout(String... promptIds) {
        List<StepRollout.PromptSpec> prompts = new ArrayList<>();
        for (String promptId : promptIds) {
            prompts.add(new StepRollout.PromptSpec(promptId, List.of(1, 2, 3), "{}", null));
        }
        RolloutApi.DecodingSettings settings = new RolloutApi.DecodingSettings(8, 8, 8, 0.0, "low_confidence",
                null, 1L);
        return new StepRollout(RUN_ID, STEP, TaskName.COUNTDOWN, 2, settings, "http://127.0.0.1:1", prompts,
                Duration.ofSeconds(60));
    }

    private static ScoredGroup group(long step, long policyVersion, String promptId) {
        return new ScoredGroup(UUID.randomUUID(), RUN_ID, step, policyVersion, promptId, TaskName.COUNTDOWN, null,
                "{}", List.of(), List.of(), null);
    }

    private static void respond(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Run control that never stops the run and sleeps for each pause. */
    private static final class SleepingControl implements RunControl {

        @Override
        public void checkContinue() {
        }

        @Override
        public void pause(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunInterruptedException("interrupted");
            }
        }

        @Override
        public void waiting(String detail) {
        }

        @Override
        public void running(String detail) {
        }
    }
}
