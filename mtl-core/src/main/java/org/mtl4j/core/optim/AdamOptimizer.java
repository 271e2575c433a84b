package org.mtl4j.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@link Adam} on ND4J ops over preallocated buffers (backend-neutral; used off the CPU backend). */
final class AdamOptimizer implements FlatOptimizer {
    private final Adam config;
    private final INDArray m;
    private final INDArray v;
    private final INDArray tmp;
    private long t;

    AdamOptimizer(Adam config, INDArray params) {
        this.config = config;
        this.m = Nd4j.zeros(params.dataType(), params.length());
        this.v = Nd4j.zeros(params.dataType(), params.length());
        this.tmp = Nd4j.zeros(params.dataType(), params.length());
    }

    @Override
    public void step(INDArray params, INDArray gradient, double learningRate) {
        t++;
        if (config.weightDecay() > 0) {
            if (config.decoupled()) {
                params.muli(1 - learningRate * config.weightDecay());
            } else {
                Nd4j.getBlasWrapper().level1().axpy(params.length(), config.weightDecay(), params, gradient);
            }
        }
        double b1 = config.beta1();
        double b2 = config.beta2();
        m.muli(b1);
        Nd4j.getBlasWrapper().level1().axpy(gradient.length(), 1 - b1, gradient, m);
        v.muli(b2);
        tmp.assign(gradient).muli(gradient);
        Nd4j.getBlasWrapper().level1().axpy(gradient.length(), 1 - b2, tmp, v);
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        // tmp = sqrt(v / bc2) + eps ; update = m / tmp * (lr / bc1)
        tmp.assign(v).divi(bc2);
        Transforms.sqrt(tmp, false).addi(config.epsilon());
        INDArray upd = gradient.assign(m).divi(tmp);
        Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate / bc1, upd, params);
    }

    @Override
    public Map<String, INDArray> saveState() {
        Map<String, INDArray> s = new HashMap<>();
        s.put("m", m.dup());
        s.put("v", v.dup());
        s.put("t", Nd4j.scalar((double) t));
        return s;
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        m.assign(state.get("m"));
        v.assign(state.get("v"));
        t = (long) state.get("t").getDouble(0);
    }
}
