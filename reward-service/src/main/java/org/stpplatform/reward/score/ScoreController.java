package org.stpplatform.reward.score;

import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.RewardFunctionInfo;
import org.stpplatform.reward.scoring.ScoringMode;

/** Stateless scoring: {@code POST /v1/score} and the task catalogue {@code GET /v1/tasks}. */
@RestController
@RequestMapping("/v1")
class ScoreController {

    private final BatchScorer batchScorer;
    private final ScoringRequests requests;

    ScoreController(BatchScorer batchScorer, ScoringRequests requests) {
        this.batchScorer = batchScorer;
        this.requests = requests;
    }

    /** Scores a batch of completions of one task; results come back in item order. */
    @PostMapping("/score")
    ScoreBatchResponse score(@Valid @RequestBody ScoreBatchRequest request) {
        ScoringMode mode = requests.mode("mode", request.mode());
        List<ScoringJob> jobs = requests.jobs(request);
        List<ScoredCompletion> results = batchScorer.scoreAll(mode, jobs);
        return new ScoreBatchResponse(results);
    }

    /** Lists the tasks with their reward functions and point values in the given or default mode. */
    @GetMapping("/tasks")
    TaskListResponse tasks(@RequestParam(required = false) String mode) {
        ScoringMode scoringMode = requests.mode("mode", mode);
        List<TaskListResponse.TaskInfo> tasks = new ArrayList<>();
        for (TaskName task : TaskName.values()) {
            List<RewardFunctionInfo> functions = batchScorer.functions(scoringMode, task);
            double maxReward = functions.stream().mapToDouble(RewardFunctionInfo::maxPoints).sum();
            tasks.add(new TaskListResponse.TaskInfo(task, maxReward, functions));
        }
        return new TaskListResponse(scoringMode.name().toLowerCase(java.util.Locale.ROOT), tasks);
    }
}
