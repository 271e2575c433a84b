package org.mtl4j.core.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Sgd} on ND4J ops over preallocated buffers (backend-neutral; used off the CPU backend). */
final class SgdOptimizer implements FlatOptimizer {
    private final Sgd config;
    private final INDArray velocity;
    private boolean started;

    SgdOptimizer(Sgd config, INDArray params) {
        this.config = config;
        this.velocity = config.momentum() > 0 ? Nd4j.zeros(params.dataType(), params.length()) : null;
    }

    @Override
    public void step(INDArray params, INDArray gradient, double learningRate) {
        if (config.weightDecay() > 0) {
            Nd4j.getBlasWrapper().level1().axpy(params.length(), config.weightDecay(), params, gradient);
        }
        if (velocity == null) {
            Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate, gradient, params);
            return;
        }
        if (!started) {
            velocity.assign(gradient);
            started = true;
        } else {
            velocity.muli(config.momentum()).addi(gradient);
        }
        if (config.nesterov()) {
            Nd4j.getBlasWrapper().level1().axpy(gradient.length(), config.momentum(), velocity, gradient);
            Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate, gradient, params);
        } else {
            Nd4j.getBlasWrapper().level1().axpy(params.length(), -learningRate, velocity, params);
        }
    }

    @Override
    public Map<String, INDArray> saveState() {
        Map<String, INDArray> s = new HashMap<>();
        s.put("started", Nd4j.scalar(started ? 1.0 : 0.0));
        if (velocity != null) {
            s.put("velocity", velocity.dup());
        }
        return s;
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        started = state.get("started").getDouble(0) != 0;
        if (velocity != null) {
            velocity.assign(state.get("velocity"));
        }
    }
}
