package org.mtl4j.core.loss;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** JUnit extension: DOUBLE as ND4J default data type for a test class, restored afterwards. */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private DataType previousDefault;
    private DataType previousFloat;

    @Override
    public void beforeAll(ExtensionContext context) {
        previousDefault = Nd4j.dataType();
        previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloat);
    }
}
