package org.mtl4j.models.normal;

import java.util.SplittableRandom;
import org.mtl4j.models.ode.OdeSystem;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable parts of the NORMAL block besides the solver: the vector field, how the
 * initial state is built from {@code z₀}, and the parameters of both. State blocks are
 * {@code [N, n]} row matrices (pixels are rows for feature maps).
 */
abstract class BlockDynamics implements OdeSystem {

    /** @return number of trainable parameters */
    abstract long numParams();

    /** Writes initial parameter values into {@code out[0 … numParams)}. */
    abstract void initialise(SplittableRandom rng, NormalConfig config, double[] out);

    /** Binds to views of the flat parameter and gradient buffers (length {@link #numParams()}). */
    abstract void bind(INDArray params, INDArray grads);

    /** Reads scalar parameters (γ) from the buffer; called at the start of every forward pass. */
    abstract void prepare();

    /** Fills {@code y0} from {@code z₀} (heavy ball: {@code (z₀, u(z₀))}). */
    abstract void initialState(INDArray z0, INDArray[] y0);

    /** {@code dz0 ← ∂L/∂z₀} given the adjoint of {@code y0}; accumulates u's gradients. */
    abstract void initialStateBackward(INDArray[] y0Adjoint, INDArray dz0);

    /** {@code out ← dz/dt} at state {@code y} (heavy ball: {@code −q}). */
    abstract void velocity(INDArray[] y, INDArray out);

    /** Clears the accumulated parameter gradients. */
    abstract void zeroGradients();

    /** Writes gradients accumulated in double (∂L/∂ω) into the gradient view. */
    abstract void finishGradients();

    /** y += alpha · x (no-op for alpha = 0). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (alpha != 0) {
            Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
        }
    }

    /** out ← −x (copy and BLAS scal). */
    static void negate(INDArray x, INDArray out) {
        out.assign(x);
        Nd4j.getBlasWrapper().level1().scal(out.length(), -1.0, out);
    }

    /** @return ⟨x, y⟩ over all elements */
    static double dot(INDArray x, INDArray y) {
        return Nd4j.getBlasWrapper().dot(x, y);
    }
}
