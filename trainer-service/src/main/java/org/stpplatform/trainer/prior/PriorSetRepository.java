package org.stpplatform.trainer.prior;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PriorSetRepository extends JpaRepository<PriorSetEntity, Long> {

    Optional<PriorSetEntity> findByPriorKey(String priorKey);
}
