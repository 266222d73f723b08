package org.stpplatform.trainer.prior;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PriorRepository extends JpaRepository<PriorEntity, Long> {

    /** Returns the priors of one set; empty for an unknown set. */
    List<PriorEntity> findByPriorSetId(long priorSetId);
}
