package org.mtl4j.core.model.nd4j;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise activation of a dense layer, {@code a = σ(z)}, with the derivative the backward
 * pass applies:
 * <pre>
 *   RELU        σ(z) = max(0, z)                  σ'(z) = 1[z &gt; 0]
 *   LEAKY_RELU  σ(z) = z if z &gt; 0, else α z        σ'(z) = 1 if z &gt; 0, else α      (α = negativeSlope)
 *   TANH        σ(z) = tanh z                      σ'(z) = 1 − tanh² z
 *   SIGMOID     σ(z) = 1 / (1 + e^{−z})            σ'(z) = σ(z)(1 − σ(z))
 *   IDENTITY    σ(z) = z                           σ'(z) = 1
 * </pre>
 * The derivative at a ReLU kink ({@code z = 0}) is 0, as in DL4J and PyTorch.
 *
 * @param kind          the function
 * @param negativeSlope α of {@link Kind#LEAKY_RELU} (finite, &gt; 0); 0 for every other kind
 */
public record DenseActivation(Kind kind, double negativeSlope) {

    /** The activation functions. */
    public enum Kind {
        /** Rectified linear unit. */
        RELU,
        /** Leaky ReLU with slope α for negative inputs. */
        LEAKY_RELU,
        /** Hyperbolic tangent. */
        TANH,
        /** Logistic sigmoid. */
        SIGMOID,
        /** No activation (linear layer). */
        IDENTITY
    }

    /** Validates. */
    public DenseActivation {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.LEAKY_RELU) {
            if (!(negativeSlope > 0) || !Double.isFinite(negativeSlope)) {
                throw new IllegalArgumentException("negativeSlope of LEAKY_RELU must be finite and > 0, found " + negativeSlope);
            }
        } else if (negativeSlope != 0) {
            throw new IllegalArgumentException("negativeSlope applies to LEAKY_RELU only; it must be 0 for " + kind
                    + ", found " + negativeSlope);
        }
    }

    /** @return ReLU, the default hidden activation */
    public static DenseActivation defaults() {
        return relu();
    }

    /** @return ReLU */
    public static DenseActivation relu() {
        return new DenseActivation(Kind.RELU, 0);
    }

    /** @return leaky ReLU with α = 0.01 (the default of DL4J and PyTorch) */
    public static DenseActivation leakyRelu() {
        return leakyRelu(0.01);
    }

    /**
     * @param negativeSlope α &gt; 0
     * @return leaky ReLU with slope α for negative inputs
     */
    public static DenseActivation leakyRelu(double negativeSlope) {
        return new DenseActivation(Kind.LEAKY_RELU, negativeSlope);
    }

    /** @return tanh */
    public static DenseActivation tanh() {
        return new DenseActivation(Kind.TANH, 0);
    }

    /** @return the logistic sigmoid */
    public static DenseActivation sigmoid() {
        return new DenseActivation(Kind.SIGMOID, 0);
    }

    /** @return the identity (linear layer) */
    public static DenseActivation identity() {
        return new DenseActivation(Kind.IDENTITY, 0);
    }

    /** @return the op a ← σ(a), in place, on a fixed buffer */
    Runnable inPlaceOp(INDArray a) {
        switch (kind) {
            case RELU -> {
                RectifiedLinear op = new RectifiedLinear(a, a, 0.0);
                return () -> Nd4j.exec(op);
            }
            case LEAKY_RELU -> {
                LeakyReLU op = new LeakyReLU(a, a, negativeSlope);
                return () -> Nd4j.exec(op);
            }
            case TANH -> {
                Tanh op = new Tanh(a, a);
                return () -> Nd4j.exec(op);
            }
            case SIGMOID -> {
                Sigmoid op = new Sigmoid(a, a);
                return () -> Nd4j.exec(op);
            }
            case IDENTITY -> {
                return () -> { };
            }
            default -> throw new IllegalStateException("unknown activation " + this);
        }
    }

    /**
     * @return the ops D ← σ'(z) from the stored output a (σ' is a function of a for every supported
     *         activation: a &gt; 0 ⇔ z &gt; 0 for the ReLUs)
     */
    Runnable derivativeOp(INDArray a, INDArray d) {
        switch (kind) {
            case RELU -> {
                Step op = new Step(a, d);
                return () -> Nd4j.exec(op);
            }
            case LEAKY_RELU -> {
                // α + (1 − α) 1[a > 0], with α in the array's precision
                double alpha = negativeSlope;
                Step step = new Step(a, d);
                ScalarMultiplication scale = new ScalarMultiplication(d, null, d, 1.0 - alpha);
                ScalarAdd shift = new ScalarAdd(d, null, d, alpha);
                return () -> {
                    Nd4j.exec(step);
                    Nd4j.exec(scale);
                    Nd4j.exec(shift);
                };
            }
            case TANH -> {
                MulOp sq = new MulOp(a, a, d);
                ScalarReverseSubtraction oneMinus = new ScalarReverseSubtraction(d, null, d, 1.0);
                return () -> {
                    Nd4j.exec(sq);
                    Nd4j.exec(oneMinus);
                };
            }
            case SIGMOID -> {
                ScalarReverseSubtraction oneMinus = new ScalarReverseSubtraction(a, null, d, 1.0);
                MulOp times = new MulOp(d, a, d);
                return () -> {
                    Nd4j.exec(oneMinus);
                    Nd4j.exec(times);
                };
            }
            case IDENTITY -> {
                return d == null ? () -> { } : () -> d.assign(1.0);
            }
            default -> throw new IllegalStateException("unknown activation " + this);
        }
    }
}
