package org.mtl4j.benchmarks.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical byte encoding of numeric content, so that the same data gives the
 * same checksum whatever file format or compression it was read from.
 *
 * <pre>
 * sha256( for each value put in order:  int   -> 4 bytes big-endian two's complement
 *                                       float -> 4 bytes big-endian IEEE-754 bits
 *                                                (Float.floatToRawIntBits) )
 * </pre>
 *
 * The result is 64 lower-case hex digits. One instance computes one checksum; it is not
 * thread-safe and must not be reused after {@link #hex()}.
 */
public final class ContentChecksum {
    private static final int CHUNK_VALUES = 16_384;

    private final MessageDigest digest;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_VALUES * Integer.BYTES).order(ByteOrder.BIG_ENDIAN);
    private boolean finished;

    /** Starts an empty checksum. */
    public ContentChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * @param value appended as 4 big-endian bytes
     * @return this
     */
    public ContentChecksum putInt(int value) {
        ensureOpen();
        if (buffer.remaining() < Integer.BYTES) {
            flush();
        }
        buffer.putInt(value);
        return this;
    }

    /**
     * @param values appended in order, each as 4 big-endian bytes
     * @return this
     */
    public ContentChecksum putInts(int[] values) {
        ensureOpen();
        flush();
        for (int from = 0; from < values.length; from += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, values.length - from);
            buffer.asIntBuffer().put(values, from, n);
            digest.update(buffer.array(), 0, n * Integer.BYTES);
        }
        return this;
    }

    /**
     * @param values appended in order, each as the 4 big-endian bytes of its IEEE-754 bits
     *               ({@link Float#floatToRawIntBits}; equal to {@link Float#floatToIntBits} for every non-NaN)
     * @return this
     */
    public ContentChecksum putFloats(float[] values) {
        ensureOpen();
        flush();
        for (int from = 0; from < values.length; from += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, values.length - from);
            buffer.asFloatBuffer().put(values, from, n);
            digest.update(buffer.array(), 0, n * Float.BYTES);
        }
        return this;
    }

    /** @return the SHA-256 of everything put so far, 64 lower-case hex digits */
    public String hex() {
        ensureOpen();
        flush();
        finished = true;
        return HexFormat.of().formatHex(digest.digest());
    }

    private void flush() {
        digest.update(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("checksum already finished; start a new ContentChecksum");
        }
    }
}
