package org.stpplatform.trainer.run;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.trainer.checkpoint.CheckpointView;
import org.stpplatform.trainer.config.RunConfig;
import org.stpplatform.trainer.evaluation.EvaluationView;
import org.stpplatform.trainer.step.StepMetrics;

/** Runs REST API: create, life-cycle requests, status, steps, evaluations and checkpoints. */
@RestController
@RequestMapping("/v1/runs")
class RunController {

    private final RunService service;

    RunController(RunService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<RunView> create(@RequestBody RunConfig config) {
        RunView created = service.create(config);
        return ResponseEntity.created(URI.create("/v1/runs/" + created.runId())).body(created);
    }

    @GetMapping
    List<RunView> list() {
        return service.list();
    }

    @GetMapping("/{runId}")
    RunView get(@PathVariable String runId) {
        return service.get(runId);
    }

    @PostMapping("/{runId}/start")
    RunView start(@PathVariable String runId) {
        return service.start(runId);
    }

    @PostMapping("/{runId}/pause")
    RunView pause(@PathVariable String runId) {
        return service.pause(runId);
    }

    @PostMapping("/{runId}/resume")
    RunView resume(@PathVariable String runId) {
        return service.resume(runId);
    }

    @PostMapping("/{runId}/cancel")
    RunView cancel(@PathVariable String runId) {
        return service.cancel(runId);
    }

    @GetMapping("/{runId}/steps")
    List<StepMetrics> steps(@PathVariable String runId) {
        return service.steps(runId);
    }

    @GetMapping("/{runId}/evaluations")
    List<EvaluationView> evaluations(@PathVariable String runId) {
        return service.evaluations(runId);
    }

    @GetMapping("/{runId}/checkpoints")
    List<CheckpointView> checkpoints(@PathVariable String runId) {
        return service.checkpoints(runId);
    }
}
