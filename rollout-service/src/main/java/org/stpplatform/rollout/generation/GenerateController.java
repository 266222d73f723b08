package org.stpplatform.rollout.generation;

import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stpplatform.common.web.RequestIds;

/** {@code POST /v1/generate}: completions for a batch of prompts, returned when all are generated. */
@RestController
@RequestMapping("/v1")
class GenerateController {

    private final GenerationService service;

    GenerateController(GenerationService service) {
        this.service = service;
    }

    @PostMapping("/generate")
    GenerateResponse generate(@Valid @RequestBody GenerateRequest request) throws InterruptedException {
        String requestId = RequestIds.current();
        return service.generate(request, requestId != null ? requestId : UUID.randomUUID().toString());
    }
}
