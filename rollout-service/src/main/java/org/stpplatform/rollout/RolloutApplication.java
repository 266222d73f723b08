package org.stpplatform.rollout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the rollout service. */
@SpringBootApplication
public class RolloutApplication {

    public static void main(String[] args) {
        SpringApplication.run(RolloutApplication.class, args);
    }
}
