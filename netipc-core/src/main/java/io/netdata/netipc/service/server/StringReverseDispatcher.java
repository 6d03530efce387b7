package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.StringReverseView;
import java.nio.ByteBuffer;

/** STRING_REVERSE: the request's bytes in, the handler's bytes out. Thread-safety: per session. */
final class StringReverseDispatcher implements RequestDispatcher {
    private final StringReverseHandler handler;
    private final StringReverseView view = new StringReverseView();

    StringReverseDispatcher(StringReverseHandler handler) {
        this.handler = handler;
    }

    @Override
    public int dispatch(ByteBuffer request, int offset, int length, ByteBuffer response, int responseOffset,
            int capacity) throws DispatchFailure {
        try {
            view.wrap(request, offset, length);
        } catch (CodecException e) {
            throw DispatchFailure.badRequest(e);
        }
        try {
            return encode(handler.handle(view.string()), response, responseOffset, capacity);
        } catch (DispatchFailure failure) {
            throw failure;
        } catch (Throwable e) {
            // The answer is the handler's own ByteSource: its length() and copyTo() are handler code too.
            // Errors too: the client is answered, as DispatchFailure.fromHandler explains.
            throw DispatchFailure.fromHandler(e);
        }
    }

    private static int encode(ByteSource answer, ByteBuffer response, int offset, int capacity)
            throws DispatchFailure {
        if (answer == null) {
            throw DispatchFailure.handlerFailed("handler returned null", null);
        }
        long size = StringReverseEncoder.encodedSize(answer.length());
        if (size > capacity) {
            throw DispatchFailure.tooLarge("a string_reverse answer of " + size + " bytes, " + capacity
                    + " are left");
        }
        return StringReverseEncoder.encode(answer, response, offset, capacity);
    }
}
