package org.stpplatform.trainer.sft;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.trainer.dataset.countdown.CountdownDistribution;
import org.stpplatform.trainer.dataset.countdown.CountdownGenerator;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.CountdownJsonl;
import org.stpplatform.trainer.dataset.countdown.HeldOutSplit;
import org.stpplatform.trainer.dataset.countdown.SolvedInstance;

/**
 * {@code sft --evaluate}: greedy accuracy and sampled-group mix of a checkpoint on generated
 * held-out instances or on a Countdown JSON Lines file.
 */
final class SftEvaluateCommand {

    private SftEvaluateCommand() {
    }

    static void run(Map<String, String> options) throws Exception {
        SftCommand.Options o = new SftCommand.Options(options);
        Path checkpoint = o.path("--checkpoint");
        if (checkpoint == null) {
            throw new IllegalArgumentException("--evaluate needs --checkpoint DIR");
        }
        Path dataset = o.path("--dataset");
        CountdownDistribution distribution = CountdownDistribution.parse(o.text("--distribution", "real"));
        int evalSize = o.integer("--eval-size", 200);
        int groupPrompts = o.integer("--group-prompts", 64);
        int groupSize = o.integer("--group-size", 6);
        double temperature = o.decimal("--group-temperature", 0.9);
        CountdownEvaluator.DecodingShape shape = new CountdownEvaluator.DecodingShape(
                o.integer("--generation-length", 48), o.integer("--block-length", 16), o.integer("--decoding-steps", 24));
        long seed = o.integer("--seed", 1);
        o.rejectUnused();

        List<CountdownInstance> instances = new ArrayList<>();
        if (dataset != null) {
            instances.addAll(CountdownJsonl.read(dataset));
            if (instances.size() > evalSize) {
                instances = instances.subList(0, evalSize);
            }
        } else {
            CountdownGenerator generator = new CountdownGenerator(distribution, HeldOutSplit.DEFAULT);
            for (SolvedInstance solved : generator.heldOut(evalSize, seed)) {
                instances.add(solved.instance());
            }
        }
        try (LladaModel model = LladaModel.load(checkpoint, null, Device.cpu())) {
            CountdownEvaluator evaluator = new CountdownEvaluator(model, SftRuntime.tokenizer(), shape);
            CountdownEvaluator.Report report = evaluator.evaluate(instances,
                    instances.subList(0, Math.min(groupPrompts, instances.size())), groupSize, temperature, seed);
            System.out.printf("source=%s prompts=%d greedyAccuracy=%.4f greedyAnswerShare=%.4f sampledAccuracy=%.4f"
                            + " sampledAnswerShare=%.4f mixedGroupShare=%.4f (G=%d, T=%.2f, %d prompts)%nexample: %s%n",
                    dataset != null ? dataset : "held-out " + distribution.name(), report.greedyCount(),
                    report.greedyAccuracy(), report.greedyAnswerShare(), report.sampledAccuracy(),
                    report.sampledAnswerShare(), report.mixedGroupShare(), groupSize,
                    temperature, report.groupPromptCount(), report.example());
        }
    }
}
