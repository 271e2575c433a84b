package org.nd4j.nativeblas;

/**
 * Compatibility shim so that DL4J 1.0.0-M2.1 can use libnd4j's native (oneDNN) layer helpers.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up the class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calls its
 * {@code getInstance().isUseMKLDNN()}; ND4J M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} (method {@code isUseONEDNN()}),
 * so the lookup fails silently and the convolution, pooling and batch-norm helpers are never used.
 * This class restores the old name and forwards to the new one. The helpers are used only when
 * the system property {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} (its
 * default is {@code true}); {@code mtl4j train} and the Multi-Fashion demo set it unless the
 * user did.
 *
 * <p>Measured on LeNet (batch 256, 36×36, two tasks, one OpenMP thread, a loaded 2-core machine):
 * with the {@code linux-x86_64-onednn} build of nd4j-native a training step is about 5× and an
 * evaluation forward pass about 15× faster than DL4J's built-in Java path; with the generic build
 * the helpers call libnd4j's own convolution, which speeds up inference but slows training. This
 * is a split-package class: it works on the class path, not as a named JPMS module.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The environment accessor DL4J M2.1 looks for. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the single instance */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** @return whether libnd4j was built with, and uses, oneDNN */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
