/** Atomic file output and JSON settings for run records and checkpoints. */
package org.mtl4j.core.io;
