package io.netdata.netipc.spring.autoconfigure;

import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.IncrementClient;
import io.netdata.netipc.service.client.ServiceException;
import java.nio.file.Path;

/** An increment client made by hand beside a context's own: a second session, or one with another token. */
final class ExtraClient {
    private ExtraClient() {
    }

    /** A client of {@code service} that has tried to connect once; the caller closes it. */
    static IncrementClient connect(Path runDir, String service, long token) throws ServiceException {
        IncrementClient client = IncrementClient.create(ClientConfig.builder(runDir, service).authToken(token).build());
        client.refresh();
        return client;
    }
}
