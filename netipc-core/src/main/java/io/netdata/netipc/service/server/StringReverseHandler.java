package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The business logic of a STRING_REVERSE server: the request's bytes in, the
 * response's bytes out. Called for each request, and for each item,
 * in order, of a batch.
 *
 * <p>Throwing or returning null fails the request: the
 * client gets INTERNAL_ERROR with no payload and the session is closed.
 *
 * <p><b>Called again:</b> a session answers into a buffer that starts small
 * and grows to the session's response ceiling only when an answer needs it;
 * when the returned bytes do not fit, the server calls the handler again for the same request
 * with more room. Treat a call as a query: do not count on one call per request.
 *
 * <p><b>Lifetime:</b> {@code request} views the session's receive buffer and is
 * valid only during the call; copy it ({@link BytesView#toByteString()}) to keep it.
 * The returned bytes are copied into the response before the next call.
 *
 * <p>Thread-safety: called concurrently from every session's thread; an
 * implementation must be thread-safe.
 */
@FunctionalInterface
public interface StringReverseHandler {
    ByteSource handle(BytesView request) throws Exception;

    /**
     * A handler over Java strings: the request is decoded as UTF-8 (malformed
     * sequences become U+FFFD) and the answer encoded as UTF-8.
     */
    static StringReverseHandler ofStrings(UnaryOperator<String> logic) {
        Objects.requireNonNull(logic, "logic");
        return request -> {
            String answer = logic.apply(request.asString());
            return answer == null ? null : ByteString.utf8(answer);
        };
    }
}
