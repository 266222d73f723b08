package org.stpplatform.reward.queue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.common.api.AckRequest;
import org.stpplatform.common.api.AckResponse;
import org.stpplatform.common.api.ClaimRequest;
import org.stpplatform.common.api.ClaimResponse;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.SubmitGroupRequest;

/** REST interface of the group queue under {@code /v1}. */
@RestController
@RequestMapping("/v1")
class GroupController {

    private final GroupQueue queue;

    GroupController(GroupQueue queue) {
        this.queue = queue;
    }

    /** Scores and stores a group: 201 when new, 200 with the stored group for a duplicate key. */
    @PostMapping("/groups")
    ResponseEntity<ScoredGroup> submit(@Valid @RequestBody SubmitGroupRequest request) {
        GroupQueue.Submission submission = queue.submit(request);
        HttpStatus status = submission.duplicate() ? HttpStatus.OK : HttpStatus.CREATED;
        return ResponseEntity.status(status).body(submission.group());
    }

    /**
     * Leases scored groups of a run and returns an empty list when none is claimable. The claimer
     * also gets its own unacknowledged leases again with the new expiry, while a group leased to
     * another claimer stays hidden until that lease expires.
     */
    @PostMapping("/groups/claim")
    ClaimResponse claim(@Valid @RequestBody ClaimRequest request) {
        return queue.claim(request);
    }

    /** Acknowledges leased groups so that they are never delivered again. */
    @PostMapping("/groups/ack")
    AckResponse acknowledge(@Valid @RequestBody AckRequest request) {
        return queue.acknowledge(request);
    }

    /** Counts a run's groups by state. */
    @GetMapping("/runs/{runId}/queue")
    QueueCounts queue(@PathVariable @NotBlank @Size(max = 128) String runId) {
        return queue.counts(runId);
    }
}
