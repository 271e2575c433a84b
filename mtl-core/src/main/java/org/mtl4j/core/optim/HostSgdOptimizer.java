package org.mtl4j.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Sgd} as one Java loop over primitive arrays (CPU backend): parameters and gradient come
 * in by one bulk copy each, the velocity stays in a Java array, the parameters go back by one
 * bulk copy. Plain SGD (no momentum, no decay) is a single ND4J {@code axpy} instead, which
 * needs no copies. Same results as {@link SgdOptimizer} up to float rounding (tested).
 */
final class HostSgdOptimizer implements FlatOptimizer {
    private final Sgd config;
    private final boolean plain;
    private final HostVector io;
    private final float[] pF;
    private final float[] gF;
    private final float[] vF;
    private final double[] pD;
    private final double[] gD;
    private final double[] vD;
    private boolean started;

    HostSgdOptimizer(Sgd config, INDArray params) {
        this.config = config;
        this.plain = config.momentum() == 0 && config.weightDecay() == 0;
        this.io = new HostVector(params.dataType(), params.length());
        int n = (int) params.length();
        boolean f = params.dataType() == DataType.FLOAT;
        boolean loop = !plain;
        this.pF = loop && f ? new float[n] : null;
        this.gF = loop && f ? new float[n] : null;
        this.vF = loop && f && config.momentum() > 0 ? new float[n] : null;
        this.pD = loop && !f ? new double[n] : null;
        this.gD = loop && !f ? new double[n] : null;
        this.vD = loop && !f && config.momentum() > 0 ? new double[n] : null;
    }

    @Override
    public void step(INDArray params, INDArray gradient, double learningRate) {
        if (plain) {
            Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate, gradient, params);
            return;
        }
        if (pF != null) {
            io.read(params, pF);
            io.read(gradient, gF);
            stepFloat((float) learningRate);
            io.write(pF, params);
        } else {
            io.read(params, pD);
            io.read(gradient, gD);
            stepDouble(learningRate);
            io.write(pD, params);
        }
        started = true;
    }

    private void stepFloat(float lr) {
        float wd = (float) config.weightDecay();
        float mu = (float) config.momentum();
        int n = pF.length;
        if (vF == null) {
            for (int i = 0; i < n; i++) {
                float g = gF[i] + wd * pF[i];
                pF[i] -= lr * g;
            }
        } else if (!started) {
            for (int i = 0; i < n; i++) {
                float g = gF[i] + wd * pF[i];
                vF[i] = g;
                pF[i] -= lr * (config.nesterov() ? g + mu * g : g);
            }
        } else if (config.nesterov()) {
            for (int i = 0; i < n; i++) {
                float g = gF[i] + wd * pF[i];
                float v = mu * vF[i] + g;
                vF[i] = v;
                pF[i] -= lr * (g + mu * v);
            }
        } else {
            for (int i = 0; i < n; i++) {
                float g = gF[i] + wd * pF[i];
                float v = mu * vF[i] + g;
                vF[i] = v;
                pF[i] -= lr * v;
            }
        }
    }

    private void stepDouble(double lr) {
        double wd = config.weightDecay();
        double mu = config.momentum();
        int n = pD.length;
        for (int i = 0; i < n; i++) {
            double g = gD[i] + wd * pD[i];
            double u;
            if (vD == null) {
                u = g;
            } else {
                double v = started ? mu * vD[i] + g : g;
                vD[i] = v;
                u = config.nesterov() ? g + mu * v : v;
            }
            pD[i] -= lr * u;
        }
    }

    @Override
    public Map<String, INDArray> saveState() {
        Map<String, INDArray> s = new HashMap<>();
        s.put("started", Nd4j.scalar(started ? 1.0 : 0.0));
        if (vF != null) {
            s.put("velocity", Nd4j.createFromArray(vF.clone()));
        } else if (vD != null) {
            s.put("velocity", Nd4j.createFromArray(vD.clone()));
        }
        return s;
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        started = state.get("started").getDouble(0) != 0;
        if (vF != null) {
            io.read(state.get("velocity").castTo(DataType.FLOAT).reshape(vF.length), vF);
        } else if (vD != null) {
            io.read(state.get("velocity").castTo(DataType.DOUBLE).reshape(vD.length), vD);
        }
    }
}
