package org.stpplatform.trainer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stpplatform.trainer.config.BuiltinModelCatalog;
import org.stpplatform.trainer.config.ModelCatalog;

/** Beans of the trainer that have no better home. */
@Configuration(proxyBeanMethods = false)
class TrainerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ModelCatalog modelCatalog() {
        return new BuiltinModelCatalog();
    }
}
