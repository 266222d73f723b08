package org.stpplatform.trainer.evaluation;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface EvaluationRepository extends JpaRepository<EvaluationEntity, Long> {

    /** Returns a run's evaluations by step, then generation length; empty for an unknown run. */
    @Query("select e from EvaluationEntity e where e.runId = :runId order by e.step, e.generationLength")
    List<EvaluationEntity> findByRunIdOrdered(String runId);

    boolean existsByRunIdAndStep(String runId, long step);

    @Modifying
    @Query("delete from EvaluationEntity e where e.runId = :runId and e.step > :step")
    int deleteAfter(String runId, long step);
}
