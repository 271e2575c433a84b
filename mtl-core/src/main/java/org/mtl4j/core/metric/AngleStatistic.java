package org.mtl4j.core.metric;

/** Which statistic of the per-pixel angular errors a normal metric reports. */
enum AngleStatistic {
    MEAN,
    MEDIAN,
    WITHIN
}
