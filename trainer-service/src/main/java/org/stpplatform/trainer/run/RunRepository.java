package org.stpplatform.trainer.run;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface RunRepository extends JpaRepository<RunEntity, String> {

    /** Returns the runs in the given states, oldest first; empty when none. */
    List<RunEntity> findByStateInOrderByCreatedAtAsc(List<RunState> states);

    /** Returns all runs, newest first. */
    List<RunEntity> findAllByOrderByCreatedAtDesc();

    long countByState(RunState state);

    /** Loads a run with a row lock ({@code SELECT ... FOR UPDATE}) held until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from RunEntity r where r.id = :id")
    Optional<RunEntity> findForUpdate(String id);
}
