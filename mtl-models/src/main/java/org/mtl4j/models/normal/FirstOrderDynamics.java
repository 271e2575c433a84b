package org.mtl4j.models.normal;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * First-order NODE dynamics (ablation of thesis Table 5.4):
 * <pre>
 *   F(z) = g(z),   y₀ = z₀,   J·v = g'(z) v,   z̄ += s g'(z)ᵀ a
 * </pre>
 * Parameter layout: {@code [g]}.
 */
final class FirstOrderDynamics extends BlockDynamics {
    private final int width;
    private final PointwiseMlp g;

    FirstOrderDynamics(NormalConfig config) {
        this.width = config.width();
        this.g = new PointwiseMlp(width, config.leakySlope());
    }

    @Override
    public int numBlocks() {
        return 1;
    }

    @Override
    long numParams() {
        return PointwiseMlp.numParams(width);
    }

    @Override
    void initialise(SplittableRandom rng, NormalConfig config, double[] out) {
        rng.split(); // keep g's stream the same as in the heavy-ball layout
        PointwiseMlp.initialise(rng.split(), width, out, 0);
    }

    @Override
    void bind(INDArray params, INDArray grads) {
        g.bind(params, grads);
    }

    @Override
    void prepare() {
        g.prepare();
    }

    @Override
    void initialState(INDArray z0, INDArray[] y0) {
        y0[0].assign(z0);
    }

    @Override
    void initialStateBackward(INDArray[] y0Adjoint, INDArray dz0) {
        dz0.assign(y0Adjoint[0]);
    }

    @Override
    void velocity(INDArray[] y, INDArray out) {
        g.apply(y[0], out);
    }

    @Override
    public void evaluate(int slot, INDArray[] state, INDArray[] derivative) {
        g.forward(slot, state[0], derivative[0]);
    }

    @Override
    public void jvp(int slot, INDArray[] tangent, INDArray[] out) {
        g.jvp(slot, tangent[0], out[0]);
    }

    @Override
    public void vjp(int slot, INDArray[] outputAdjoint, double scale, INDArray[] stateAdjoint) {
        g.vjp(slot, outputAdjoint[0], scale, stateAdjoint[0]);
    }

    @Override
    void zeroGradients() {
        g.zeroGradients();
    }

    @Override
    void finishGradients() {
        g.finishGradients();
    }

    PointwiseMlp dynamicsNetwork() {
        return g;
    }
}
