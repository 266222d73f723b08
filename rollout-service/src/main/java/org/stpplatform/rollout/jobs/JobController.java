package org.stpplatform.rollout.jobs;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/jobs} queues a rollout job; {@code GET /v1/jobs/{jobId}} reports its progress. */
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private final JobRunner runner;

    JobController(JobRunner runner) {
        this.runner = runner;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    JobAccepted submit(@Valid @RequestBody JobRequest request) {
        return new JobAccepted(runner.submit(request).jobId());
    }

    @GetMapping("/{jobId}")
    JobStatus status(@PathVariable String jobId) {
        return runner.status(jobId);
    }
}
