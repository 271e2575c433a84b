package org.mtl4j.models.normal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Heavy-ball dynamics of NORMAL (thesis eq. 5.5; HBNODE of Xia et al. 2021 in the
 * {@code h' = −m} convention of {@code hedixia/HeavyBallNODE}):
 * <pre>
 *   F(z, q) = ( −q ,  −γ q + g(z) + ξ z ),    γ = sigmoid(ω),    y₀ = (z₀, u(z₀))
 * </pre>
 * Derivative products (a = output adjoint, s = scale):
 * <pre>
 *   J·(v_z, v_q)  = ( −v_q ,  −γ v_q + g'(z) v_z + ξ v_z )
 *   z̄ += s (g'(z)ᵀ a_q + ξ a_q),   q̄ += s (−a_z − γ a_q),   ∂L/∂γ += −s ⟨a_q, q⟩
 *   ∂L/∂ω = γ (1 − γ) ∂L/∂γ
 * </pre>
 * Parameter layout: {@code [u | g | ω]}.
 */
final class HeavyBallDynamics extends BlockDynamics {
    private final int width;
    private final double xi;
    private final PointwiseMlp u;
    private final PointwiseMlp g;
    private final List<INDArray> velocities = new ArrayList<>();
    private INDArray omega;
    private INDArray omegaGrad;
    private double gamma;
    private double gammaGrad;

    HeavyBallDynamics(NormalConfig config) {
        this.width = config.width();
        this.xi = config.xi();
        this.u = new PointwiseMlp(width, config.leakySlope());
        this.g = new PointwiseMlp(width, config.leakySlope());
    }

    @Override
    public int numBlocks() {
        return 2;
    }

    @Override
    long numParams() {
        return 2 * PointwiseMlp.numParams(width) + 1;
    }

    @Override
    void initialise(SplittableRandom rng, NormalConfig config, double[] out) {
        int k = (int) PointwiseMlp.numParams(width);
        PointwiseMlp.initialise(rng.split(), width, out, 0);
        PointwiseMlp.initialise(rng.split(), width, out, k);
        out[2 * k] = config.omegaInit();
    }

    @Override
    void bind(INDArray params, INDArray grads) {
        long k = PointwiseMlp.numParams(width);
        u.bind(params.get(NDArrayIndex.interval(0, k)), grads.get(NDArrayIndex.interval(0, k)));
        g.bind(params.get(NDArrayIndex.interval(k, 2 * k)), grads.get(NDArrayIndex.interval(k, 2 * k)));
        omega = params.get(NDArrayIndex.interval(2 * k, 2 * k + 1));
        omegaGrad = grads.get(NDArrayIndex.interval(2 * k, 2 * k + 1));
    }

    @Override
    void prepare() {
        gamma = sigmoid(omega.getDouble(0));
        u.prepare();
        g.prepare();
    }

    /** Logistic sigmoid, exact 0 for very negative ω (no overflow). */
    static double sigmoid(double w) {
        if (w >= 0) {
            return 1.0 / (1.0 + Math.exp(-w));
        }
        double e = Math.exp(w);
        return e / (1.0 + e);
    }

    /** @return γ of the last forward pass */
    double gamma() {
        return gamma;
    }

    @Override
    void initialState(INDArray z0, INDArray[] y0) {
        y0[0].assign(z0);
        u.forward(0, y0[0], y0[1]);
    }

    @Override
    void initialStateBackward(INDArray[] y0Adjoint, INDArray dz0) {
        dz0.assign(y0Adjoint[0]);
        u.vjp(0, y0Adjoint[1], 1.0, dz0);
    }

    @Override
    void velocity(INDArray[] y, INDArray out) {
        negate(y[1], out);
    }

    @Override
    public void evaluate(int slot, INDArray[] state, INDArray[] derivative) {
        while (velocities.size() <= slot) {
            velocities.add(null);
        }
        velocities.set(slot, state[1]);
        negate(state[1], derivative[0]);
        g.forward(slot, state[0], derivative[1]);
        axpy(-gamma, state[1], derivative[1]);
        axpy(xi, state[0], derivative[1]);
    }

    @Override
    public void jvp(int slot, INDArray[] tangent, INDArray[] out) {
        negate(tangent[1], out[0]);
        g.jvp(slot, tangent[0], out[1]);
        axpy(-gamma, tangent[1], out[1]);
        axpy(xi, tangent[0], out[1]);
    }

    @Override
    public void vjp(int slot, INDArray[] outputAdjoint, double scale, INDArray[] stateAdjoint) {
        INDArray az = outputAdjoint[0];
        INDArray aq = outputAdjoint[1];
        g.vjp(slot, aq, scale, stateAdjoint[0]);
        axpy(scale * xi, aq, stateAdjoint[0]);
        axpy(-scale, az, stateAdjoint[1]);
        axpy(-scale * gamma, aq, stateAdjoint[1]);
        gammaGrad -= scale * dot(aq, velocities.get(slot));
    }

    @Override
    void zeroGradients() {
        u.zeroGradients();
        g.zeroGradients();
        gammaGrad = 0;
    }

    @Override
    void finishGradients() {
        u.finishGradients();
        g.finishGradients();
        omegaGrad.putScalar(0, gamma * (1 - gamma) * gammaGrad);
    }

    PointwiseMlp velocityNetwork() {
        return u;
    }

    PointwiseMlp dynamicsNetwork() {
        return g;
    }

    INDArray omega() {
        return omega;
    }
}
