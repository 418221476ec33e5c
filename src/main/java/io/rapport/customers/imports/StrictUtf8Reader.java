package io.rapport.customers.imports;

import io.rapport.platform.web.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 strictly: a byte sequence that is not UTF-8 stops the read with a problem naming its byte offset
 * and line, instead of silently turning into U+FFFD. A leading byte-order mark is skipped.
 */
final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private long bytesBefore;  // offset in the file of bytes[0]
    private long line = 1;
    private boolean eof;
    private boolean started;
    private boolean flushed;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
        bytes.flip();
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (flushed) return -1;
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (true) {
            if (!started && !eof) {
                fill();  // the first three bytes decide whether there is a byte-order mark
                continue;
            }
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                countLines(buf, off, out.position());
                throw notUtf8();
            }
            if (out.position() > off) break;
            if (eof) {
                decoder.flush(out);
                flushed = true;
                if (out.position() == off) return -1;
                break;
            }
            fill();
        }
        countLines(buf, off, out.position());
        return out.position() - off;
    }

    private void countLines(char[] buf, int from, int to) {
        for (int i = from; i < to; i++) if (buf[i] == '\n') line++;
    }

    /** Moves the unread bytes to the front and reads more; sets eof at the end of the stream. */
    private void fill() throws IOException {
        bytesBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) eof = true;
        else bytes.position(bytes.position() + n);
        bytes.flip();
        if (!started) {
            if (bytes.remaining() < 3 && !eof) return;
            started = true;
            if (bytes.remaining() >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                    && (bytes.get(2) & 0xFF) == 0xBF) {
                bytes.position(3);
            }
        }
    }

    private IOException notUtf8() {
        long offset = bytesBefore + bytes.position();
        return new NotUtf8Exception(offset, line);
    }

    /** Line breaks read so far, plus one. */
    long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file is not UTF-8 at {@code offset} (counted from 0), on line {@code line}. */
    static final class NotUtf8Exception extends IOException {
        final long offset;
        final long line;

        NotUtf8Exception(long offset, long line) {
            super("The file is not UTF-8: the byte at offset " + offset + " (line " + line + ") is not valid UTF-8."
                    + " Save the file as UTF-8 (\"CSV UTF-8\") and upload it again.");
            this.offset = offset;
            this.line = line;
        }

        io.rapport.platform.web.ApiProblem asProblem() {
            return Problems.invalid("file", getMessage());
        }
    }
}
