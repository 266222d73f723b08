package org.stpplatform.reward.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.ScoreOutcome;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.SubmitGroupRequest;

class GroupQueueApiTest extends RewardServiceHttpTest {

    private static final String CORRECT = "<reasoning>88 + 32 = 120</reasoning><answer>60 - (88 + 32) / 4</answer>";
    private static final String WRONG = "<answer>88 - 60 + 4 - 32</answer>";

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void submitScoresAndStoresGroup() {
        String runId = newRunId();
        SubmitGroupRequest request = countdownGroup(runId, 1, "p-1", List.of(CORRECT, WRONG, "nothing"));

        Reply reply = post("/v1/groups", request);

        assertThat(reply.status()).isEqualTo(201);
        ScoredGroup group = read(reply, ScoredGroup.class);
        assertThat(group.groupId()).isNotNull();
        assertThat(group.runId()).isEqualTo(runId);
        assertThat(group.policyVersion()).isEqualTo(3L);
        assertThat(group.completions()).hasSize(3);
        assertThat(group.completions().get(0).tokenIds()).containsExactly(5, 6, 7);
        assertThat(group.completions().get(0).stepMap()).containsExactly(0, 1, 1);
        assertThat(group.completions().get(0).nfe()).isEqualTo(12);
        assertThat(group.scores()).extracting(score -> score.outcome())
                .containsExactly(ScoreOutcome.CORRECT, ScoreOutcome.WRONG, ScoreOutcome.UNPARSEABLE);
        assertThat(group.scores()).extracting(score -> score.reward()).containsExactly(1.0, 0.1, 0.0);
        assertThat(counts(runId)).containsExactly(1L, 0L, 0L);
    }

    @Test
    void duplicateSubmissionStoresOneGroup() {
        String runId = newRunId();
        SubmitGroupRequest request = countdownGroup(runId, 4, "p-dup", List.of(CORRECT, WRONG));

        Reply first = post("/v1/groups", request);
        Reply second = post("/v1/groups", request);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(read(second, ScoredGroup.class)).isEqualTo(read(first, ScoredGroup.class));
        assertThat(counts(runId)).containsExactly(1L, 0L, 0L);
    }

    @Test
    void concurrentDuplicatesStoreOneGroup() throws Exception {
        String runId = newRunId();
        SubmitGroupRequest request = countdownGroup(runId, 2, "p-race", List.of(CORRECT, WRONG));
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Reply>> submitters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            submitters.add(() -> {
                start.await();
                return post("/v1/groups", request);
            });
        }

        List<Reply> replies = runAll(submitters, start);

        assertThat(replies).extracting(Reply::status).containsOnly(200, 201);
        assertThat(replies.stream().filter(reply -> reply.status() == 201).count()).isEqualTo(1);
        assertThat(replies.stream().map(reply -> reply.body().get("groupId").asString()).distinct().count())
                .isEqualTo(1);
        assertThat(counts(runId)).containsExactly(1L, 0L, 0L);
    }

    @Test
    void otherKeyPartsMakeNewGroups() {
        String runId = newRunId();
        SubmitGroupRequest base = countdownGroup(runId, 1, "p-1", List.of(CORRECT));

        post("/v1/groups", base);
        Reply nextVersion = post("/v1/groups", new SubmitGroupRequest(runId, 1, 4L, "p-1", base.task(), base.prompt(),
                base.reference(), base.completions()));
        Reply nextStep = post("/v1/groups", countdownGroup(runId, 2, "p-1", List.of(CORRECT)));

        assertThat(nextVersion.status()).isEqualTo(201);
        assertThat(nextStep.status()).isEqualTo(201);
        assertThat(counts(runId)).containsExactly(3L, 0L, 0L);
    }

    @Test
    void concurrentClaimersGetDisjointGroups() throws Exception {
        String runId = newRunId();
        Set<UUID> submitted = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            submitted.add(read(post("/v1/groups", countdownGroup(runId, 1, "p-" + i, List.of(WRONG))),
                    ScoredGroup.class).groupId());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Set<UUID>>> claimers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String claimerId = "trainer-" + t;
            claimers.add(() -> {
                start.await();
                Set<UUID> mine = new LinkedHashSet<>();
                while (true) {
                    ClaimResponse claim = read(post("/v1/groups/claim", new ClaimRequest(runId, 3, 60, claimerId)),
                            ClaimResponse.class);
                    // A claim also returns the claimer's own leases, so stop once it brings nothing new.
                    boolean anyNew = false;
                    for (ScoredGroup group : claim.groups()) {
                        anyNew |= mine.add(group.groupId());
                    }
                    if (!anyNew) {
                        return mine;
                    }
                }
            });
        }

        List<Set<UUID>> perClaimer = runAll(claimers, start);

        List<UUID> all = new ArrayList<>();
        perClaimer.forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(submitted);
        assertThat(counts(runId)).containsExactly(0L, 30L, 0L);
    }

    @Test
    void expiredLeaseIsRedelivered() throws Exception {
        String runId = newRunId();
        UUID first = submitOne(runId, "p-a");
        UUID second = submitOne(runId, "p-b");
        double expiriesBefore = registry.counter("stp.reward.lease.expiries").count();

        ClaimResponse byA = claim(runId, 10, 1, "trainer-a");
        ClaimResponse byBWhileLeased = claim(runId, 10, 60, "trainer-b");
        Thread.sleep(1200);
        ClaimResponse byBAfterExpiry = claim(runId, 10, 60, "trainer-b");

        assertThat(byA.groups()).extracting(ScoredGroup::groupId).containsExactly(first, second);
        assertThat(byA.leaseExpiresAt()).isNotNull();
        assertThat(byBWhileLeased.groups()).isEmpty();
        assertThat(byBAfterExpiry.groups()).extracting(ScoredGroup::groupId).containsExactly(first, second);
        assertThat(byBAfterExpiry.groups().get(0).scores()).hasSize(1);
        assertThat(registry.counter("stp.reward.lease.expiries").count() - expiriesBefore).isEqualTo(2.0);
    }

    @Test
    void claimerGetsOwnUnacknowledgedLeaseAtOnce() {
        String runId = newRunId();
        UUID groupId = submitOne(runId, "p-a");
        double renewalsBefore = registry.counter("stp.reward.lease.renewals").count();
        double expiriesBefore = registry.counter("stp.reward.lease.expiries").count();

        ClaimResponse first = claim(runId, 10, 60, "trainer-a");
        ClaimResponse again = claim(runId, 10, 60, "trainer-a");
        ClaimResponse byOther = claim(runId, 10, 60, "trainer-b");
        Reply ack = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-a"));
        ClaimResponse afterAck = claim(runId, 10, 60, "trainer-a");

        assertThat(first.groups()).extracting(ScoredGroup::groupId).containsExactly(groupId);
        assertThat(again.groups()).extracting(ScoredGroup::groupId).containsExactly(groupId);
        assertThat(again.groups().get(0)).isEqualTo(first.groups().get(0));
        assertThat(again.leaseExpiresAt()).isAfterOrEqualTo(first.leaseExpiresAt());
        assertThat(byOther.groups()).isEmpty();
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.body().get("acknowledged").asInt()).isEqualTo(1);
        assertThat(afterAck.groups()).isEmpty();
        assertThat(counts(runId)).containsExactly(0L, 0L, 1L);
        assertThat(deliveryCount(groupId)).isEqualTo(2);
        assertThat(registry.counter("stp.reward.lease.renewals").count() - renewalsBefore).isEqualTo(1.0);
        assertThat(registry.counter("stp.reward.lease.expiries").count() - expiriesBefore).isEqualTo(0.0);
    }

    @Test
    void otherClaimerWaitsForLeaseExpiry() throws Exception {
        String runId = newRunId();
        UUID groupId = submitOne(runId, "p-a");

        ClaimResponse byA = claim(runId, 10, 1, "trainer-a");
        ClaimResponse byAAgain = claim(runId, 10, 1, "trainer-a");
        ClaimResponse byBWhileLeased = claim(runId, 10, 60, "trainer-b");
        Thread.sleep(1200);
        ClaimResponse byBAfterExpiry = claim(runId, 10, 60, "trainer-b");
        ClaimResponse byAAfterTakeover = claim(runId, 10, 60, "trainer-a");
        Reply ackByA = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-a"));
        Reply ackByB = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-b"));

        assertThat(byA.groups()).extracting(ScoredGroup::groupId).containsExactly(groupId);
        assertThat(byAAgain.groups()).extracting(ScoredGroup::groupId).containsExactly(groupId);
        assertThat(byBWhileLeased.groups()).isEmpty();
        assertThat(byBAfterExpiry.groups()).extracting(ScoredGroup::groupId).containsExactly(groupId);
        assertThat(byAAfterTakeover.groups()).isEmpty();
        assertThat(ackByA.status()).isEqualTo(409);
        assertThat(ackByB.status()).isEqualTo(200);
        assertThat(deliveryCount(groupId)).isEqualTo(3);
    }

    @Test
    void ownLeasesComeAfterNewGroups() {
        String runId = newRunId();
        UUID leased = submitOne(runId, "p-a");
        claim(runId, 10, 60, "trainer-a");
        UUID fresh = submitOne(runId, "p-b");

        ClaimResponse limitedToOne = claim(runId, 1, 60, "trainer-a");
        ClaimResponse all = claim(runId, 10, 60, "trainer-a");

        assertThat(limitedToOne.groups()).extracting(ScoredGroup::groupId).containsExactly(fresh);
        assertThat(all.groups()).extracting(ScoredGroup::groupId).containsExactly(leased, fresh);
        assertThat(counts(runId)).containsExactly(0L, 2L, 0L);
    }

    @Test
    void acknowledgeByNonHolderIsRejected() throws Exception {
        String runId = newRunId();
        UUID groupId = submitOne(runId, "p-a");
        claim(runId, 10, 1, "trainer-a");
        Thread.sleep(1200);
        claim(runId, 10, 60, "trainer-b");

        Reply byFormerHolder = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-a"));
        Reply byStranger = post("/v1/groups/ack", new AckRequest(List.of(groupId, UUID.randomUUID()), "trainer-b"));
        Reply byHolder = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-b"));

        assertThat(byFormerHolder.status()).isEqualTo(409);
        assertThat(byFormerHolder.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/lease-not-held");
        assertThat(byFormerHolder.body().get("rejectedGroupIds").get(0).asString()).isEqualTo(groupId.toString());
        assertThat(byStranger.status()).isEqualTo(409);
        assertThat(byStranger.body().get("rejectedGroupIds").size()).isEqualTo(1);
        assertThat(byHolder.status()).isEqualTo(200);
        assertThat(byHolder.body().get("acknowledged").asInt()).isEqualTo(1);
    }

    @Test
    void acknowledgedGroupsNeverReturn() throws Exception {
        String runId = newRunId();
        UUID kept = submitOne(runId, "p-a");
        UUID acknowledged = submitOne(runId, "p-b");
        claim(runId, 10, 1, "trainer-a");

        Reply ack = post("/v1/groups/ack", new AckRequest(List.of(acknowledged), "trainer-a"));
        Reply retry = post("/v1/groups/ack", new AckRequest(List.of(acknowledged), "trainer-a"));
        Thread.sleep(1200);
        ClaimResponse afterExpiry = claim(runId, 10, 60, "trainer-b");
        ClaimResponse later = claim(runId, 10, 60, "trainer-c");

        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.body().get("acknowledged").asInt()).isEqualTo(1);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(afterExpiry.groups()).extracting(ScoredGroup::groupId).containsExactly(kept);
        assertThat(later.groups()).isEmpty();
        assertThat(counts(runId)).containsExactly(0L, 1L, 1L);
    }

    @Test
    void pendingGroupCannotBeAcknowledged() {
        String runId = newRunId();
        UUID groupId = submitOne(runId, "p-a");

        Reply reply = post("/v1/groups/ack", new AckRequest(List.of(groupId), "trainer-a"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(counts(runId)).containsExactly(1L, 0L, 0L);
    }

    @Test
    void invalidGroupsNameFields() {
        String runId = newRunId();
        SubmitGroupRequest valid = countdownGroup(runId, 1, "p-1", List.of(CORRECT));
        Reply missingRun = post("/v1/groups", new SubmitGroupRequest(" ", 1, 0, "p", valid.task(), null,
                valid.reference(), valid.completions()));
        Reply noCompletions = post("/v1/groups", new SubmitGroupRequest(runId, 1, 0, "p", valid.task(), null,
                valid.reference(), List.of()));
        List<String> seventeen = Collections.nCopies(17, CORRECT);
        Reply tooLarge = post("/v1/groups", countdownGroup(runId, 1, "p-big", seventeen));
        Reply badReference = post("/v1/groups", new SubmitGroupRequest(runId, 1, 0, "p", valid.task(), null,
                "{\"numbers\":[1,2],\"target\":\"x\"}", valid.completions()));
        Reply negativeStep = post("/v1/groups", Map.of("runId", runId, "step", -1, "policyVersion", 0,
                "promptId", "p", "task", "countdown", "reference", valid.reference(),
                "completions", List.of(Map.of("text", "x", "nfe", 1, "earlyExit", false, "anchorCount", 0))));
        Reply missingNfe = post("/v1/groups", Map.of("runId", runId, "step", 1, "policyVersion", 0,
                "promptId", "p", "task", "countdown", "reference", valid.reference(),
                "completions", List.of(Map.of("text", "x"))));
        Reply badClaim = post("/v1/groups/claim", new ClaimRequest(runId, 0, 60, ""));
        Reply badAck = post("/v1/groups/ack", "{\"groupIds\":[\"not-a-uuid\"],\"claimerId\":\"t\"}");

        assertThat(missingRun.status()).isEqualTo(400);
        assertThat(errorFields(missingRun)).containsExactly("runId");
        assertThat(errorFields(noCompletions)).containsExactly("completions");
        assertThat(errorFields(tooLarge)).containsExactly("completions");
        assertThat(errorFields(badReference)).containsExactly("reference");
        assertThat(errorFields(negativeStep)).containsExactly("step");
        assertThat(errorFields(missingNfe)).containsExactly("completions[0].nfe");
        assertThat(errorFields(badClaim)).containsExactly("claimerId", "maxCount");
        assertThat(errorFields(badAck)).containsExactly("groupIds[0]");
        assertThat(counts(runId)).containsExactly(0L, 0L, 0L);
    }

    private UUID submitOne(String runId, String promptId) {
        Reply reply = post("/v1/groups", countdownGroup(runId, 1, promptId, List.of(CORRECT)));
        assertThat(reply.status()).isEqualTo(201);
        return read(reply, ScoredGroup.class).groupId();
    }

    private ClaimResponse claim(String runId, int maxCount, int leaseSeconds, String claimerId) {
        Reply reply = post("/v1/groups/claim", new ClaimRequest(runId, maxCount, leaseSeconds, claimerId));
        assertThat(reply.status()).isEqualTo(200);
        return read(reply, ClaimResponse.class);
    }

    private int deliveryCount(UUID groupId) {
        return jdbc.queryForObject("SELECT delivery_count FROM scored_group WHERE id = ?", Integer.class, groupId);
    }

    private List<Long> counts(String runId) {
        Reply reply = get("/v1/runs/" + runId + "/queue");
        assertThat(reply.status()).isEqualTo(200);
        return List.of(reply.body().get("pending").asLong(), reply.body().get("leased").asLong(),
                reply.body().get("acknowledged").asLong());
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
