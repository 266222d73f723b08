package org.stpplatform.engine.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.model.ModelConfig;

/**
 * LLaDA semi-autoregressive decoding (Nie et al., "Large Language Diffusion Models", 2025) with
 * the STP canvas and early exit (Liu et al., arXiv 2602.08905).
 *
 * <p>The N completion positions are decoded in blocks of {@code blockLength}, each block over
 * {@code steps / blocks} steps. A block's masked positions (anchors excluded) are spread evenly
 * over its steps, the remainder to the earliest steps. At each step one forward pass gives, for
 * every masked position of the current block, a Gumbel-max candidate at temperature T and its
 * confidence softmax(logits)[candidate] without temperature; the k most confident are committed
 * (or k random ones with {@link Remasking#RANDOM}). Positions outside the current block are never
 * committed, which is the -infinity confidence of the reference code.
 *
 * <p>Early exit: with K_stop = floor(tau * N), a sequence stops once anchors plus committed
 * positions reach K_stop, the last step's k cut to fit. When every sequence is done, one more
 * forward pass fills all remaining masked positions by Gumbel-max with no confidence ordering.
 *
 * <p>A forward pass includes only the sequences that commit at least one position in it. Passes
 * that would commit nothing (for instance in a block that anchors fill completely) are skipped,
 * which changes no output because every random draw is keyed by (seed, sequence, step,
 * position). {@link Generation#nfe()} counts the passes a sequence actually took part in.
 *
 * <p>Dimensions: B batch, P prompt width after left padding, N completion length, V vocabulary.
 * Thread safety: one instance may serve several threads if the model allows concurrent forward
 * passes.
 */
public final class DiffusionSampler {

    private final DiffusionModel model;

    public DiffusionSampler(DiffusionModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Decodes one completion per prompt.
     *
     * @param prompts prompt token ids, any lengths
     * @param canvasesOrNull one canvas of N positions per prompt, or null for all-MASK canvases
     * @param settings decoding settings; sequence b draws its noise from seed mixed with b
     * @return one generation per prompt, in order
     */
    public List<Generation> generate(List<int[]> prompts, List<Canvas> canvasesOrNull, DecodingSettings settings) {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(settings, "settings");
        List<SequenceState> sequences = initialStates(prompts, canvasesOrNull, settings);
        try (InferenceScope ignored = InferenceScope.enter();
                NDManager manager = NDManager.newBaseManager(model.device())) {
            decodeBlocks(manager, sequences, settings);
            fillRemaining(manager, sequences, settings);
        }
        List<Generation> generations = new ArrayList<>(sequences.size());
        for (SequenceState sequence : sequences) {
            generations.add(sequence.toGeneration(model.config().eosTokenId()));
        }
        return generations;
    }

    private List<SequenceState> initialStates(List<int[]> prompts, List<Canvas> canvases, DecodingSettings settings) {
        ModelConfig config = model.config();
        int length = settings.generationLength();
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts is empty; give at least one prompt");
        }
        if (canvases != null && canvases.size() != prompts.size()) {
            throw new IllegalArgumentException("got " + canvases.size() + " canvases for " + prompts.size()
                    + " prompts; give one canvas per prompt or null");
        }
        int kStop = settings.earlyExitThreshold();
        List<SequenceState> states = new ArrayList<>(prompts.size());
        for (int b = 0; b < prompts.size(); b++) {
            int[] prompt = Objects.requireNonNull(prompts.get(b), "prompt " + b);
            checkPrompt(b, prompt, length, config);
            Canvas canvas = canvases == null || canvases.get(b) == null
                    ? Canvas.allMasked(length, config.maskTokenId()) : canvases.get(b);
            if (canvas.length() != length) {
                throw new IllegalArgumentException("canvas " + b + " has " + canvas.length()
                        + " positions but generationLength is " + length + "; build the canvas with N positions");
            }
            canvas.validate(config.maskTokenId(), config.vocabularySize());
            SequenceState state = new SequenceState(prompt, canvas, Seeds.mix(settings.seed(), b), config.maskTokenId());
            state.done = settings.earlyExitEnabled() && state.decided >= kStop;
            states.add(state);
        }
        return states;
    }

    private static void checkPrompt(int index, int[] prompt, int generationLength, ModelConfig config) {
        if (prompt.length + generationLength > config.maxSequenceLength()) {
            throw new IllegalArgumentException("prompt " + index + " has " + prompt.length
                    + " tokens; with generationLength " + generationLength + " it exceeds the model's maximum length "
                    + config.maxSequenceLength() + "; shorten the prompt or the generation");
        }
        for (int id : prompt) {
            if (id < 0 || id >= config.vocabularySize()) {
                throw new IllegalArgumentException("prompt " + index + " contains token id " + id
                        + " outside the vocabulary [0, " + config.vocabularySize() + ")");
            }
        }
    }

    private void decodeBlocks(NDManager manager, List<SequenceState> sequences, DecodingSettings settings) {
        int stepsPerBlock = settings.stepsPerBlock();
        int kStop = settings.earlyExitThreshold();
        for (int block = 0; block < settings.blockCount(); block++) {
            int blockStart = block * settings.blockLength();
            int blockEnd = blockStart + settings.blockLength();
            int[][] schedules = new int[sequences.size()][];
            for (int b = 0; b < sequences.size(); b++) {
                int masked = sequences.get(b).maskedCount(blockStart, blockEnd);
                schedules[b] = TransferSchedule.counts(masked, stepsPerBlock);
            }
            for (int step = 0; step < stepsPerBlock; step++) {
                List<SequenceState> active = new ArrayList<>();
                List<Integer> commitCounts = new ArrayList<>();
                for (int b = 0; b < sequences.size(); b++) {
                    SequenceState sequence = sequences.get(b);
                    int count = schedules[b][step];
                    if (settings.earlyExitEnabled()) {
                        count = Math.min(count, kStop - sequence.decided);
                    }
                    if (!sequence.done && count > 0) {
                        active.add(sequence);
                        commitCounts.add(count);
                    }
                }
                if (!active.isEmpty()) {
                    int globalStep = block * stepsPerBlock + step;
                    denoiseStep(manager, active, commitCounts, blockStart, blockEnd, globalStep, settings);
                    for (SequenceState sequence : active) {
                        sequence.done = settings.earlyExitEnabled() && sequence.decided >= kStop;
                    }
                }
            }
        }
    }

    /** Runs one forward pass over {@code active} and commits {@code commitCounts} positions of each. */
    private void denoiseStep(NDManager manager, List<SequenceState> active, List<Integer> commitCounts,
            int blockStart, int blockEnd, int globalStep, DecodingSettings settings) {
        int vocabularySize = model.config().vocabularySize();
        int blockLength = blockEnd - blockStart;
        float[] logits = forward(manager, active, blockStart, blockEnd);
        for (int a = 0; a < active.size(); a++) {
            SequenceState sequence = active.get(a);
            List<Integer> positions = new ArrayList<>();
            List<Integer> candidates = new ArrayList<>();
            List<Double> keys = new ArrayList<>();
            for (int i = blockStart; i < blockEnd; i++) {
                if (!sequence.isMasked(i)) {
                    continue;
                }
                int offset = (a * blockLength + (i - blockStart)) * vocabularySize;
                SplittableRandom random = new SplittableRandom(Seeds.mix(sequence.seed, globalStep, i));
                int candidate = TokenSampling.sample(logits, offset, vocabularySize, settings.temperature(), random);
                double key = settings.remasking() == Remasking.LOW_CONFIDENCE
                        ? TokenSampling.probability(logits, offset, vocabularySize, candidate)
                        : random.nextDouble();
                positions.add(i);
                candidates.add(candidate);
                keys.add(key);
            }
            Integer[] order = new Integer[positions.size()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            // Highest key first; ties go to the lower position, which comes first in the list.
            Arrays.sort(order, (x, y) -> Double.compare(keys.get(y), keys.get(x)));
            int count = Math.min(commitCounts.get(a), order.length);
            for (int j = 0; j < count; j++) {
                sequence.commit(positions.get(order[j]), candidates.get(order[j]));
            }
            sequence.nfe++;
        }
    }

    /** Fills every masked position left after early exit in one forward pass, without ordering. */
    private void fillRemaining(NDManager manager, List<SequenceState> sequences, DecodingSettings settings) {
        List<SequenceState> pending = new ArrayList<>();
        for (SequenceState sequence : sequences) {
            if (sequence.maskedCount(0, settings.generationLength()) > 0) {
                pending.add(sequence);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        int length = settings.generationLength();
        int vocabularySize = model.config().vocabularySize();
        float[] logits = forward(manager, pending, 0, length);
        for (int a = 0; a < pending.size(); a++) {
            SequenceState sequence = pending.get(a);
            for (int i = 0; i < length; i++) {
                if (sequence.isMasked(i)) {
                    int offset = (a * length + i) * vocabularySize;
                    SplittableRandom random = new SplittableRandom(Seeds.mix(sequence.seed, settings.steps(), i));
                    sequence.commit(i, TokenSampling.sample(logits, offset, vocabularySize, settings.temperature(), random));
                }
            }
            sequence.earlyExit = true;
            sequence.nfe++;
        }
    }

    /**
     * Runs the model on the current state of {@code sequences}.
     *
     * @return logits of completion positions [from, to), flat [A, to - from, V], float32
     */
    private float[] forward(NDManager manager, List<SequenceState> sequences, int from, int to) {
        try (NDManager scope = manager.newSubManager()) {
            List<int[]> prompts = new ArrayList<>(sequences.size());
            List<int[]> completions = new ArrayList<>(sequences.size());
            for (SequenceState sequence : sequences) {
                prompts.add(sequence.prompt);
                completions.add(sequence.completion);
            }
            PaddedBatch input = PaddedBatch.build(scope, prompts, completions, model.config().eosTokenId());
            NDArray logits = model.logits(input.tokens(), input.keyPaddingMask());
            int offset = input.promptWidth();
            // [A, P + N, V] -> [A, to - from, V]
            NDArray window = logits.get(new NDIndex(":, {}:{}, :", offset + from, offset + to));
            return window.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** Mutable decoding state of one sequence. */
    private static final class SequenceState {
        final int[] prompt;
        final int[] completion;
        final int[] stepMap;
        final int anchorCount;
        final int maskTokenId;
        final long seed;
        int decided;
        int nfe;
        boolean done;
        boolean earlyExit;

        SequenceState(int[] prompt, Canvas canvas, long seed, int maskTokenId) {
            this.prompt = prompt.clone();
            this.completion = canvas.tokens();
            this.anchorCount = canvas.anchorCount();
            this.maskTokenId = maskTokenId;
            this.seed = seed;
            this.decided = anchorCount;
            this.stepMap = new int[completion.length];
            boolean[] anchors = canvas.anchors();
            for (int i = 0; i < stepMap.length; i++) {
                stepMap[i] = anchors[i] ? Generation.ANCHOR_STEP : Integer.MIN_VALUE;
            }
        }

        boolean isMasked(int position) {
            return completion[position] == maskTokenId && stepMap[position] == Integer.MIN_VALUE;
        }

        int maskedCount(int from, int to) {
            int count = 0;
            for (int i = from; i < to; i++) {
                if (isMasked(i)) {
                    count++;
                }
            }
            return count;
        }

        void commit(int position, int token) {
            completion[position] = token;
            stepMap[position] = nfe;
            decided++;
        }

        Generation toGeneration(int eosTokenId) {
            return new Generation(completion.clone(), stepMap.clone(), nfe, earlyExit, anchorCount,
                    Generation.completionLength(completion, eosTokenId));
        }
    }
}
