package org.stpplatform.trainer.dataset;

import java.util.List;

/**
 * Training and held-out prompts of a run.
 *
 * @param description what was loaded, for logs, prior keys and evaluation records, e.g.
 *     {@code gsm8k file=/data/train.jsonl n=7473}
 * @param training prompts the run samples from
 * @param heldOut prompts of the greedy evaluation; disjoint from {@code training} for generated
 *     Countdown and for a held-out tail of a file, otherwise as the user's files give them
 */
public record TaskDataset(String description, List<TaskExample> training, List<TaskExample> heldOut) {

    public TaskDataset {
        training = List.copyOf(training);
        heldOut = List.copyOf(heldOut);
    }
}
