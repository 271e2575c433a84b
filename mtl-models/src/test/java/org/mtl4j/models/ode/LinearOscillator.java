package org.mtl4j.models.ode;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test system written independently of the NORMAL block: the damped linear oscillator
 * {@code F(z, q) = (−q, −c q + k z)}, i.e. {@code z'' + c z' + k z = 0} (NORMAL's form with g(z) = k z), with scalar parameters
 * k and c whose gradients are accumulated by {@link #vjp}.
 */
final class LinearOscillator implements OdeSystem {
    double k;
    double c;
    double gradK;
    double gradC;
    private final List<INDArray[]> states = new ArrayList<>();

    LinearOscillator(double k, double c) {
        this.k = k;
        this.c = c;
    }

    @Override
    public int numBlocks() {
        return 2;
    }

    @Override
    public void evaluate(int slot, INDArray[] y, INDArray[] out) {
        while (states.size() <= slot) {
            states.add(null);
        }
        states.set(slot, y);
        out[0].assign(y[1].neg());
        out[1].assign(y[1].mul(-c).addi(y[0].mul(k)));
    }

    @Override
    public void jvp(int slot, INDArray[] v, INDArray[] out) {
        out[0].assign(v[1].neg());
        out[1].assign(v[1].mul(-c).addi(v[0].mul(k)));
    }

    @Override
    public void vjp(int slot, INDArray[] a, double s, INDArray[] adj) {
        INDArray[] y = states.get(slot);
        adj[0].addi(a[1].mul(k * s));
        adj[1].addi(a[0].mul(-s)).addi(a[1].mul(-c * s));
        gradK += s * Nd4j.getBlasWrapper().dot(a[1], y[0]);
        gradC += -s * Nd4j.getBlasWrapper().dot(a[1], y[1]);
    }

    /** Closed form of z(t) for z(0) = z0, z'(0) = −q0 (underdamped: c² &lt; 4k). */
    static double exact(double k, double c, double z0, double q0, double t) {
        double w = Math.sqrt(k - c * c / 4);
        double a = z0;
        double b = (-q0 + c / 2 * z0) / w;
        return Math.exp(-c * t / 2) * (a * Math.cos(w * t) + b * Math.sin(w * t));
    }
}
