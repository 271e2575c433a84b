package org.mtl4j.core.train;

/**
 * Learning-rate schedule, stepped once per epoch.
 * <ul>
 *   <li>{@link Constant}: {@code η_e = η}</li>
 *   <li>{@link StepDecay}: {@code η_e = η · γ^{⌊e / s⌋}} (PyTorch StepLR)</li>
 *   <li>{@link Plateau}: multiply by {@code factor} when the validation selection score has
 *       not improved by more than {@code threshold} for {@code patience} epochs, never below
 *       {@code minLr} (PyTorch ReduceLROnPlateau, mode max)</li>
 * </ul>
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.StepDecay, LrSchedule.Plateau {

    /** Constant learning rate. */
    record Constant() implements LrSchedule {
    }

    /**
     * @param stepEpochs s ≥ 1
     * @param gamma      γ ∈ (0, 1]
     */
    record StepDecay(int stepEpochs, double gamma) implements LrSchedule {
        /** Validates. */
        public StepDecay {
            if (stepEpochs < 1) {
                throw new IllegalArgumentException("stepEpochs must be >= 1, found " + stepEpochs);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], found " + gamma);
            }
        }
    }

    /**
     * @param factor    multiplier in (0, 1)
     * @param patience  epochs without improvement before reducing (≥ 0)
     * @param minLr     lower bound ≥ 0
     * @param threshold minimal improvement of the score that counts (≥ 0, absolute)
     */
    record Plateau(double factor, int patience, double minLr, double threshold) implements LrSchedule {
        /** Validates. */
        public Plateau {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("factor must be in (0, 1), found " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, found " + patience);
            }
            if (!(minLr >= 0)) {
                throw new IllegalArgumentException("minLr must be >= 0, found " + minLr);
            }
            if (!(threshold >= 0)) {
                throw new IllegalArgumentException("threshold must be >= 0, found " + threshold);
            }
        }
    }

    /** @return a constant schedule */
    static LrSchedule constant() {
        return new Constant();
    }
}
