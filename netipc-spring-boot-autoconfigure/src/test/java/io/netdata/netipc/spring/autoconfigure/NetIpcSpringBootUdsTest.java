package io.netdata.netipc.spring.autoconfigure;

import org.springframework.boot.test.context.SpringBootTest;

/** The same application over the baseline profile only: a second context, its own service name. */
@SpringBootTest(properties = {"netipc.profiles=uds", "netipc.refresh-interval=20ms",
    "netipc.clients.reverser.kind=string-reverse", "test.reverse-service=reverse-uds",
    "netipc.clients.reverser.service=reverse-uds"})
class NetIpcSpringBootUdsTest extends NetIpcSpringBootTest {
    @Override
    boolean expectsSharedMemory() {
        return false;
    }
}
