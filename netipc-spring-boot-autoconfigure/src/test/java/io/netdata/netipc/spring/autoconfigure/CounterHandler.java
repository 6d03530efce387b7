package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.server.IncrementHandler;

/** The reference increment handler, exported as service {@code counter} by the tests' contexts. */
@NetIpcHandler(service = "counter")
class CounterHandler implements IncrementHandler {
    @Override
    public long handle(long value) {
        return value + 1;
    }
}
