/**
 * Not MTL4J code: a one-class compatibility shim ({@link org.nd4j.nativeblas.Nd4jCpu}) under the
 * package name DL4J 1.0.0-M2.1 still looks up, so that its native (oneDNN) layer helpers can be used.
 */
package org.nd4j.nativeblas;
