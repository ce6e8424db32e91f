package org.casejourney.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Jackson's converter, with a {@code Content-Length} on every answer up to {@code limit} bytes. Written as it is
 * produced, a JSON answer of unknown length goes out in chunked encoding: Tomcat writes the first chunk when the
 * converter flushes and the closing chunk when the request ends, two system calls and two packets for the
 * client to read, where a receipt of a hundred bytes needs one (docs/performance.md). So the answer is kept
 * until it is complete, then sent with its length. Past {@code limit} (a long journey, a page of the replay) it
 * stops keeping: what it has goes out, the rest streams as before, so no answer is held whole in memory.
 */
public class KnownLengthJsonConverter extends MappingJackson2HttpMessageConverter {

    private final int limit;

    public KnownLengthJsonConverter(ObjectMapper mapper, int limit) {
        super(mapper);
        this.limit = limit;
    }

    @Override
    protected void writeInternal(Object object, Type type, HttpOutputMessage outputMessage) throws IOException {
        Kept kept = new Kept(outputMessage, limit);
        super.writeInternal(object, type, new HttpOutputMessage() {
            @Override
            public OutputStream getBody() {
                return kept;
            }

            @Override
            public HttpHeaders getHeaders() {
                return outputMessage.getHeaders();
            }
        });
        kept.finish();
    }

    /** Keeps what is written until {@code limit}; past it, sends what it kept and passes the rest on. */
    static final class Kept extends OutputStream {

        private final HttpOutputMessage message;
        private final int limit;
        private ByteArrayOutputStream kept = new ByteArrayOutputStream(256);
        private OutputStream passedOn;

        Kept(HttpOutputMessage message, int limit) {
            this.message = message;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (passedOn == null && kept.size() + length > limit) {
                passedOn = message.getBody(); // the headers go out now, without a length
                kept.writeTo(passedOn);
                kept = null;
            }
            if (passedOn != null) {
                passedOn.write(bytes, offset, length);
            } else {
                kept.write(bytes, offset, length);
            }
        }

        /** The generator's flush: nothing to do while the answer is kept. */
        @Override
        public void flush() throws IOException {
            if (passedOn != null) {
                passedOn.flush();
            }
        }

        /** Nothing closes the response's stream here; the converter's caller flushes it. */
        @Override
        public void close() {
        }

        void finish() throws IOException {
            if (passedOn == null) {
                message.getHeaders().setContentLength(kept.size());
                kept.writeTo(message.getBody());
                kept = null;
            }
        }
    }
}
