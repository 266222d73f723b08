package org.stpplatform.trainer.checkpoint;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface CheckpointRepository extends JpaRepository<CheckpointEntity, Long> {

    /** Returns a run's checkpoints, oldest first; empty for an unknown run. */
    @Query("select c from CheckpointEntity c where c.runId = :runId order by c.step")
    List<CheckpointEntity> findByRunIdOrdered(String runId);

    Optional<CheckpointEntity> findFirstByRunIdOrderByStepDesc(String runId);

    @Modifying
    @Query("delete from CheckpointEntity c where c.runId = :runId and c.step > :step")
    int deleteAfter(String runId, long step);
}
