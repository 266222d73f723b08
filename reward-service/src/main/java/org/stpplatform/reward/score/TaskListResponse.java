package org.stpplatform.reward.score;

import java.util.List;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.reward.scoring.RewardFunctionInfo;

/** Body returned by {@code GET /v1/tasks}. */
record TaskListResponse(String mode, List<TaskInfo> tasks) {

    /**
     * One task and its reward functions.
     *
     * @param maxReward sum of the functions' max points
     */
    record TaskInfo(TaskName task, double maxReward, List<RewardFunctionInfo> functions) {
    }
}
