package io.rapport.customers.imports;

import io.rapport.platform.web.Problems;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Uploaded files, kept in PostgreSQL as 1 MiB chunks so that whichever node runs the job can read them
 * (docs/adr/0005-import-files-in-postgresql.md). Written inside the caller's transaction.
 */
@Component
class ImportFiles {

    static final int CHUNK = 1024 * 1024;

    private final JdbcClient jdbc;

    ImportFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A stream that stores every byte read through it as chunks of the import, and refuses to read past
     * {@code maxBytes} (the size check holds whatever the client claimed as Content-Length).
     */
    StoringStream storing(long importId, InputStream in, long maxBytes) {
        return new StoringStream(importId, in, maxBytes);
    }

    /** The stored file, fetched a chunk at a time (no transaction held open while a job runs). */
    InputStream open(long importId) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int pos;
            private int seq;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (pos >= chunk.length) {
                    if (done) return -1;
                    chunk = jdbc.sql("select data from import_chunks where import_id = :id and seq = :seq")
                            .param("id", importId).param("seq", seq++).query(byte[].class).optional().orElse(null);
                    pos = 0;
                    if (chunk == null) {
                        done = true;
                        chunk = new byte[0];
                        return -1;
                    }
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    void delete(long importId) {
        jdbc.sql("delete from import_chunks where import_id = :id").param("id", importId).update();
    }

    final class StoringStream extends FilterInputStream {
        private final long importId;
        private final long maxBytes;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int seq;
        private long total;

        StoringStream(long importId, InputStream in, long maxBytes) {
            super(in);
            this.importId = importId;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n <= 0) {
                if (n < 0) flush();
                return n;
            }
            total += n;
            if (total > maxBytes) throw Problems.tooLarge(maxBytes);
            int copied = 0;
            while (copied < n) {
                int take = Math.min(n - copied, CHUNK - filled);
                System.arraycopy(b, off + copied, buffer, filled, take);
                filled += take;
                copied += take;
                if (filled == CHUNK) flush();
            }
            return n;
        }

        long total() {
            return total;
        }

        private void flush() {
            if (filled == 0) return;
            jdbc.sql("insert into import_chunks (import_id, seq, data) values (:id, :seq, :data)")
                    .param("id", importId).param("seq", seq++).param("data", Arrays.copyOf(buffer, filled)).update();
            filled = 0;
        }
    }
}
