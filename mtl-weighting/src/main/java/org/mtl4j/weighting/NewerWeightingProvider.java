package org.mtl4j.weighting;

import java.util.List;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.weighting.gradient.AlignedMtlConfig;
import org.mtl4j.weighting.gradient.DbMtlConfig;
import org.mtl4j.weighting.gradient.ExcessMtlConfig;
import org.mtl4j.weighting.gradient.FairGradConfig;
import org.mtl4j.weighting.gradient.UpGradConfig;
import org.mtl4j.weighting.loss.Famo;
import org.mtl4j.weighting.loss.Stch;
import org.mtl4j.weighting.stochastic.MoCo;
import org.mtl4j.weighting.stochastic.MoDo;
import org.mtl4j.weighting.stochastic.SdmGrad;
import org.mtl4j.weighting.stochastic.Smg;

/**
 * Registers the stochastic and newer strategies by name: smg, moco, modo, sdmgrad (stochastic),
 * famo, stch (loss level), aligned-mtl, db-mtl, upgrad, fairgrad, excess-mtl (gradient level).
 */
public final class NewerWeightingProvider implements WeightingProvider {
    @Override
    public List<Entry> entries() {
        return List.of(
                new Entry("smg", Smg.Config.class, "SMG: MGDA on mini-batch gradients, optional batch-size schedule"),
                new Entry("moco", MoCo.Config.class, "MoCo: tracked task gradients and a projected/softmax MGDA weight step"),
                new Entry("modo", MoDo.Config.class, "MoDo: MGDA weight step with a double-sampled Gram matrix (3 batches per step)"),
                new Entry("sdmgrad", SdmGrad.Config.class, "SDMGrad: direction-oriented MGDA, double-sampled (2 or 3 batches per step)"),
                new Entry("famo", Famo.Config.class, "FAMO: weights learned so all log-losses fall at an equal rate"),
                new Entry("stch", Stch.Config.class, "STCH: smooth Tchebycheff scalarisation after a log-loss warm-up"),
                new Entry("aligned-mtl", AlignedMtlConfig.class, "Aligned-MTL: gradients aligned to an orthogonal equal-norm system"),
                new Entry("db-mtl", DbMtlConfig.class, "DB-MTL: log-loss gradients, EMA, rescaled to the largest norm"),
                new Entry("upgrad", UpGradConfig.class, "UPGrad: projections onto the dual cone, never conflicting"),
                new Entry("fairgrad", FairGradConfig.class, "FairGrad: alpha-fair allocation G w = w^(-1/alpha)"),
                new Entry("excess-mtl", ExcessMtlConfig.class, "ExcessMTL: exponentiated weights from excess-risk estimates"));
    }
}
