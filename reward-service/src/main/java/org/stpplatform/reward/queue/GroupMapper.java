package org.stpplatform.reward.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.stpplatform.common.api.GroupCompletion;
import org.stpplatform.common.api.ScoredCompletion;
import org.stpplatform.common.api.ScoredGroup;
import org.stpplatform.common.api.SubmitGroupRequest;

/** Converts between wire records and entities; entities never leave the queue package. */
final class GroupMapper {

    /** PostgreSQL text cannot contain U+0000, so it is stored as U+FFFD (replacement character). */
    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private GroupMapper() {
    }

    static ScoredGroupEntity toEntity(SubmitGroupRequest request, List<ScoredCompletion> scores,
            java.time.Instant createdAt) {
        ScoredGroupEntity group = new ScoredGroupEntity(UUID.randomUUID(), request.runId(), request.step(),
                request.policyVersion(), request.promptId(), request.task(), storable(request.prompt()),
                storable(request.reference()), createdAt);
        for (int i = 0; i < request.completions().size(); i++) {
            GroupCompletion completion = request.completions().get(i);
            ScoredCompletion score = scores.get(i);
            String[] names = score.breakdown().keySet().toArray(String[]::new);
            Double[] values = score.breakdown().values().toArray(Double[]::new);
            group.addCompletion(new ScoredCompletionEntity(UUID.randomUUID(), i, storable(completion.text()),
                    toArray(completion.tokenIds()), toArray(completion.stepMap()), completion.nfe(),
                    completion.earlyExit(), completion.anchorCount(), score.reward(), names, values,
                    score.outcome(), storable(score.detail())));
        }
        return group;
    }

    static ScoredGroup toRecord(ScoredGroupEntity group) {
        List<GroupCompletion> completions = new ArrayList<>(group.completions().size());
        List<ScoredCompletion> scores = new ArrayList<>(group.completions().size());
        for (ScoredCompletionEntity completion : group.completions()) {
            completions.add(new GroupCompletion(completion.text(), toList(completion.tokenIds()),
                    toList(completion.stepMap()), completion.nfe(), completion.earlyExit(),
                    completion.anchorCount()));
            scores.add(new ScoredCompletion(completion.completionIndex(), completion.text(), completion.reward(),
                    breakdown(completion), completion.outcome(), completion.detail()));
        }
        return new ScoredGroup(group.id(), group.runId(), group.step(), group.policyVersion(), group.promptId(),
                group.task(), group.prompt(), group.reference(), completions, scores, group.createdAt());
    }

    private static Map<String, Double> breakdown(ScoredCompletionEntity completion) {
        Map<String, Double> breakdown = new LinkedHashMap<>();
        String[] names = completion.breakdownNames();
        Double[] values = completion.breakdownValues();
        for (int i = 0; i < names.length; i++) {
            breakdown.put(names[i], values[i]);
        }
        return breakdown;
    }

    static String storable(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    private static Integer[] toArray(List<Integer> values) {
        return values == null ? null : values.toArray(Integer[]::new);
    }

    private static List<Integer> toList(Integer[] values) {
        return values == null ? null : Arrays.asList(values);
    }
}
