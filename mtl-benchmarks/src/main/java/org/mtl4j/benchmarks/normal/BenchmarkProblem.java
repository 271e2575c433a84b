package org.mtl4j.benchmarks.normal;

import java.util.List;
import org.mtl4j.core.data.MtlDataSource;
import org.mtl4j.core.model.Module;
import org.mtl4j.core.optim.OptimizerConfig;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.models.normal.FeatureLayout;

/**
 * A problem NORMAL and HPS-EW are compared on: data, the shared encoder and the heads (built
 * fresh for every run from a seed), and the optimiser.
 */
interface BenchmarkProblem {

    /** @return short name used in file names and the result line */
    String name();

    /** @return the tasks */
    TaskSet tasks();

    /** @return training data */
    MtlDataSource train();

    /** @return validation data (model selection) */
    MtlDataSource validation();

    /** @return test data */
    MtlDataSource test();

    /** @return a fresh encoder whose output is the block's input */
    Module encoder(long seed);

    /** @return fresh heads, one per task */
    List<? extends Module> heads(long seed);

    /** @return width n of the encoder output (features or channels) */
    int featureWidth();

    /** @return whether the encoder output is a vector or a feature map */
    FeatureLayout layout();

    /** @return the model optimiser */
    OptimizerConfig optimizer();

    /** @return the main metric per task (e.g. "accuracy") */
    String metric();

    /** @return a description for the result record */
    java.util.Map<String, Object> describe();
}
