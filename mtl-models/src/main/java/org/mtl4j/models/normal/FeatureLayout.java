package org.mtl4j.models.normal;

/** The shape of the shared features the NORMAL block acts on. */
public enum FeatureLayout {
    /**
     * Feature vectors {@code [B, n]} (e.g. pooled ResNet features); u and g are
     * FC → LeakyReLU → FC with {@code n → n} layers.
     */
    VECTOR,
    /**
     * Feature maps {@code [B, n, H, W]} (dense-prediction encoders); u and g are
     * 1×1 convolution → LeakyReLU → 1×1 convolution with {@code n → n} channels, stride 1,
     * padding 0, i.e. the same two layers applied to every pixel.
     */
    FEATURE_MAP
}
