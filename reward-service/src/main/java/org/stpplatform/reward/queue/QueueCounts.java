package org.stpplatform.reward.queue;

/**
 * Body of {@code GET /v1/runs/{runId}/queue}. Groups whose lease expired count as pending.
 *
 * @param pending groups that a claim would deliver now
 * @param leased groups under an unexpired lease
 * @param acknowledged groups acknowledged by their lease holder
 */
record QueueCounts(long pending, long leased, long acknowledged) {

    static QueueCounts of(Object[] row) {
        return new QueueCounts(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue());
    }
}
