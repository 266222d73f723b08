package org.stpplatform.reward.score;

import java.util.List;
import org.stpplatform.common.api.ScoredCompletion;

/** Body returned by {@code POST /v1/score}: one result per request item, in item order. */
record ScoreBatchResponse(List<ScoredCompletion> results) {
}
