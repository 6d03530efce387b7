package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The shape both lookups share (upstream {@code codec-cgroups-lookup.md} and
 * {@code codec-apps-lookup.md}, server side): the builder is sized for exactly
 * the requested items and given their PAYLOAD_EXCEEDED costs, so that it can
 * answer every item the space does not hold as a retryable overflow item; a
 * handler that answers another number of items has failed.
 *
 * <p>Thread-safety: per session (each instance owns its view and builder).
 */
final class LookupDispatcher implements RequestDispatcher {
    /** Validates and wraps a request; returns its item count. */
    @FunctionalInterface
    interface RequestWrapper {
        int wrap(ByteBuffer request, int offset, int length);
    }

    /** Starts a response for {@code items} answers, with their overflow costs installed. */
    @FunctionalInterface
    interface ResponseStarter {
        void start(ByteBuffer response, int offset, int capacity, int items);
    }

    /** Runs the handler on the wrapped request and the started builder. */
    @FunctionalInterface
    interface HandlerCall {
        void run() throws Exception;
    }

    private final RequestWrapper wrapper;
    private final ResponseStarter starter;
    private final HandlerCall handler;
    private final BooleanSupplier overflowed;
    private final BooleanSupplier spilled;
    private final IntSupplier answered;
    private final IntSupplier finisher;

    private LookupDispatcher(RequestWrapper wrapper, ResponseStarter starter, HandlerCall handler,
            BooleanSupplier overflowed, BooleanSupplier spilled, IntSupplier answered, IntSupplier finisher) {
        this.wrapper = wrapper;
        this.starter = starter;
        this.handler = handler;
        this.overflowed = overflowed;
        this.spilled = spilled;
        this.answered = answered;
        this.finisher = finisher;
    }

    static LookupDispatcher cgroups(CgroupsLookupHandler handler) {
        CgroupsLookupRequestView view = new CgroupsLookupRequestView();
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder();
        return new LookupDispatcher((request, offset, length) -> view.wrap(request, offset, length).itemCount(),
                (response, offset, capacity, items) -> builder.reset(response, offset, capacity, items, 0)
                        .setPayloadExceededSuffixBytes(CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(view)),
                () -> handler.handle(view, builder), builder::overflowed, builder::spilled, builder::itemCount,
                builder::finish);
    }

    static LookupDispatcher apps(AppsLookupHandler handler) {
        AppsLookupRequestView view = new AppsLookupRequestView();
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder();
        return new LookupDispatcher((request, offset, length) -> view.wrap(request, offset, length).itemCount(),
                (response, offset, capacity, items) -> builder.reset(response, offset, capacity, items, 0)
                        .setPayloadExceededSuffixBytes(AppsLookupResponseBuilder.payloadExceededSuffixBytes(items)),
                () -> handler.handle(view, builder), builder::overflowed, builder::spilled, builder::itemCount,
                builder::finish);
    }

    @Override
    public int dispatch(ByteBuffer request, int offset, int length, ByteBuffer response, int responseOffset,
            int capacity) throws DispatchFailure {
        int requested;
        try {
            requested = wrapper.wrap(request, offset, length);
        } catch (CodecException e) {
            throw DispatchFailure.badRequest(e);
        }
        try {
            starter.start(response, responseOffset, capacity, requested);
            handler.run();
        } catch (Throwable e) {
            // Errors too: the client is answered, as DispatchFailure.fromHandler explains.
            if (e instanceof CodecException codec && codec.error() == CodecError.OVERFLOW
                    && answered.getAsInt() >= requested) {
                // The builder holds exactly the requested items: its OVERFLOW is then an extra answer.
                throw tooMany(requested, e);
            }
            throw DispatchFailure.fromHandler(e);
        }
        int answeredItems = answered.getAsInt();
        if (overflowed.getAsBoolean()) {
            if (answeredItems >= requested) {
                throw tooMany(requested, null);
            }
            // The handler caught the builder's OVERFLOW and went on, as the reference's sticky error sees it.
            throw DispatchFailure.tooLarge("the handler went on after the response ran out of room");
        }
        if (answeredItems != requested) {
            throw DispatchFailure.handlerFailed("handler answered " + answeredItems + " of " + requested + " items",
                    null);
        }
        try {
            return finisher.getAsInt();
        } catch (CodecException e) {
            // Not even the response header fits (a very small response ceiling).
            throw DispatchFailure.tooLarge(e.getMessage(), e);
        }
    }

    private static DispatchFailure tooMany(int requested, Throwable cause) {
        return DispatchFailure.handlerFailed("handler answered more than the " + requested + " requested items",
                cause);
    }

    @Override
    public boolean wantsMoreRoom() {
        return spilled.getAsBoolean();
    }
}
