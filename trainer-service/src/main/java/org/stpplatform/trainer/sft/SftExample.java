package org.stpplatform.trainer.sft;

/**
 * One tokenized training pair.
 *
 * @param prompt prompt token ids, never masked
 * @param completion N completion token ids: the trace followed by EOS up to the generation length
 */
public record SftExample(int[] prompt, int[] completion) {
}
