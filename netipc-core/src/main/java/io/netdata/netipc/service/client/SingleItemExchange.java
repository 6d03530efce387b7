package io.netdata.netipc.service.client;

/**
 * An exchange of one ordinary (non-batch) message, as every single typed call
 * and every lookup sub-call is.
 *
 * <p>Thread-safety: used by one call at a time.
 *
 * @param <T> what the call returns
 */
abstract class SingleItemExchange<T> implements Exchange<T> {
    private static final int NO_FLAGS = 0;
    private static final long ONE_ITEM = 1;

    @Override
    public final int flags() {
        return NO_FLAGS;
    }

    @Override
    public final long itemCount() {
        return ONE_ITEM;
    }
}
