package org.mtl4j.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Sgd} as one Java loop over primitive arrays (CPU backend): parameters and gradient come
 * in by one bulk copy each, the velocity stays in a Java array, the parameters go back by one
 * bulk copy. Plain SGD (no momentum, no decay) is a single ND4J {@code axpy} instead, which
 * needs no copies. Same results as {@link SgdOptimizer} up to float rounding (tested). On two
 * {@link ComputeLanes lanes} (vectors of at least {@link #MIN_SPLIT} entries) each lane updates
 * one half of the vector.
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
    private final ComputeLanes lanes;
    private INDArray paramsKey;
    private INDArray gradientKey;
    private final INDArray[] paramHalf = new INDArray[2];
    private final INDArray[] gradientHalf = new INDArray[2];

    /** Vectors shorter than this are not split over two lanes (the hand-off would cost more). */
    static final int MIN_SPLIT = 1 << 15;

    HostSgdOptimizer(Sgd config, INDArray params, ComputeLanes lanes) {
        this.config = config;
        this.lanes = lanes;
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
        int n = (int) params.length();
        boolean split = lanes.lanes() == 2 && n >= MIN_SPLIT && io.isContiguous(params) && io.isContiguous(gradient);
        if (plain) {
            if (split) {
                bindHalves(params, gradient);
                lanes.run(() -> Nd4j.getBlasWrapper().level1().axpy(paramHalf[0].length(), -learningRate, gradientHalf[0], paramHalf[0]),
                        () -> Nd4j.getBlasWrapper().level1().axpy(paramHalf[1].length(), -learningRate, gradientHalf[1], paramHalf[1]));
            } else {
                Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate, gradient, params);
            }
            return;
        }
        if (split) {
            int h = n / 2;
            lanes.run(() -> stepRange(params, gradient, learningRate, 0, h), () -> stepRange(params, gradient, learningRate, h, n));
        } else if (pF != null) {
            io.read(params, pF);
            io.read(gradient, gF);
            stepFloat((float) learningRate, 0, n);
            io.write(pF, params);
        } else {
            io.read(params, pD);
            io.read(gradient, gD);
            stepDouble(learningRate, 0, n);
            io.write(pD, params);
        }
        started = true;
    }

    /** Entries {@code [from, to)}: copies in, the update loop, copies out (one lane's half). */
    private void stepRange(INDArray params, INDArray gradient, double learningRate, int from, int to) {
        if (pF != null) {
            io.readRange(params, pF, from, to);
            io.readRange(gradient, gF, from, to);
            stepFloat((float) learningRate, from, to);
            io.writeRange(pF, params, from, to);
        } else {
            io.readRange(params, pD, from, to);
            io.readRange(gradient, gD, from, to);
            stepDouble(learningRate, from, to);
            io.writeRange(pD, params, from, to);
        }
    }

    /** Halves of contiguous parameter and gradient vectors as views (rebuilt when other arrays come in). */
    private void bindHalves(INDArray params, INDArray gradient) {
        if (params != paramsKey || gradient != gradientKey) {
            long n = params.length();
            long h = n / 2;
            paramHalf[0] = Nd4j.create(params.data(), new long[] {h}, new long[] {1}, params.offset(), 'c');
            paramHalf[1] = Nd4j.create(params.data(), new long[] {n - h}, new long[] {1}, params.offset() + h, 'c');
            gradientHalf[0] = Nd4j.create(gradient.data(), new long[] {h}, new long[] {1}, gradient.offset(), 'c');
            gradientHalf[1] = Nd4j.create(gradient.data(), new long[] {n - h}, new long[] {1}, gradient.offset() + h, 'c');
            paramsKey = params;
            gradientKey = gradient;
        }
    }

    private void stepFloat(float lr, int from, int to) {
        float wd = (float) config.weightDecay();
        float mu = (float) config.momentum();
        if (vF == null) {
            for (int i = from; i < to; i++) {
                float g = gF[i] + wd * pF[i];
                pF[i] -= lr * g;
            }
        } else if (!started) {
            for (int i = from; i < to; i++) {
                float g = gF[i] + wd * pF[i];
                vF[i] = g;
                pF[i] -= lr * (config.nesterov() ? g + mu * g : g);
            }
        } else if (config.nesterov()) {
            for (int i = from; i < to; i++) {
                float g = gF[i] + wd * pF[i];
                float v = mu * vF[i] + g;
                vF[i] = v;
                pF[i] -= lr * (g + mu * v);
            }
        } else {
            for (int i = from; i < to; i++) {
                float g = gF[i] + wd * pF[i];
                float v = mu * vF[i] + g;
                vF[i] = v;
                pF[i] -= lr * v;
            }
        }
    }

    private void stepDouble(double lr, int from, int to) {
        double wd = config.weightDecay();
        double mu = config.momentum();
        for (int i = from; i < to; i++) {
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
