package org.stpplatform.trainer.step;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface StepRepository extends JpaRepository<StepEntity, Long> {

    /** Returns a run's steps in step order; empty for an unknown run. */
    @Query("select s from StepEntity s where s.runId = :runId order by s.step")
    List<StepEntity> findByRunIdOrdered(String runId);

    /** Deletes the steps after {@code step}, which a resume from an older checkpoint repeats. */
    @Modifying
    @Query("delete from StepEntity s where s.runId = :runId and s.step > :step")
    int deleteAfter(String runId, long step);
}
