package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.IncrementCodec;
import java.nio.ByteBuffer;

/** INCREMENT: a value in, the handler's value out. Thread-safety: stateless apart from its handler. */
final class IncrementDispatcher implements RequestDispatcher {
    private final IncrementHandler handler;

    IncrementDispatcher(IncrementHandler handler) {
        this.handler = handler;
    }

    @Override
    public int dispatch(ByteBuffer request, int offset, int length, ByteBuffer response, int responseOffset,
            int capacity) throws DispatchFailure {
        long value;
        try {
            value = IncrementCodec.decode(request, offset, length);
        } catch (CodecException e) {
            throw DispatchFailure.badRequest(e);
        }
        long answer;
        try {
            answer = handler.handle(value);
        } catch (Throwable e) {
            // Errors too: the client is answered, as DispatchFailure.fromHandler explains.
            throw DispatchFailure.fromHandler(e);
        }
        if (capacity < IncrementCodec.SIZE) {
            throw DispatchFailure.tooLarge("an increment answer needs " + IncrementCodec.SIZE + " bytes, "
                    + capacity + " are left");
        }
        return IncrementCodec.encode(answer, response, responseOffset);
    }
}
