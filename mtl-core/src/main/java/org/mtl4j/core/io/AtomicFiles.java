package org.mtl4j.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, is
 * flushed to disk, and is then renamed over the target. A crash leaves either the old or the new
 * file, never a torn one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes content produced by {@code writer} to {@code target} atomically. */
    public static void write(Path target, IoConsumer<OutputStream> writer) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
                     OutputStream os = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                    writer.accept(new java.io.FilterOutputStream(os) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            flush(); // the writer must not close the channel before it is forced to disk
                        }
                    });
                    os.flush();
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Writes {@code value} as pretty JSON to {@code target} atomically. */
    public static void writeJson(Path target, Object value) {
        ObjectMapper om = Json.mapper();
        write(target, os -> om.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(os, value));
    }

    /** An output action that may throw IOException. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        /** @param t the stream */
        void accept(T t) throws IOException;
    }
}
