package io.netdata.netipc.cli.common;

import io.netdata.netipc.cli.CliFailure;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.service.client.ClientStatus;
import io.netdata.netipc.service.client.ServiceClient;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ServiceEndpoint;

/**
 * Turns a client's connection state and call failures into the tool's exit
 * codes and one-line messages.
 *
 * <p>Thread-safety: stateless.
 */
public final class ServiceConnections {
    private ServiceConnections() {
    }

    /** Connects {@code client}; throws the {@link CliFailure} its state calls for unless it is READY. */
    public static void connect(ServiceClient client, ServiceEndpoint endpoint) {
        client.refresh();
        ClientStatus status = client.status();
        String where = endpoint.socketPath().toString();
        switch (status.state()) {
            case READY -> {
                return;
            }
            case NOT_FOUND -> throw new CliFailure(ExitCodes.NOT_FOUND, "no service answers at " + where);
            case AUTH_FAILED -> throw new CliFailure(ExitCodes.AUTH_FAILED,
                    "the service at " + where + " refused the auth token");
            case INCOMPATIBLE -> throw new CliFailure(ExitCodes.INCOMPATIBLE,
                    "the service at " + where + " shares no profile or protocol version with this tool");
            default -> throw timedOut(status)
                    ? new CliFailure(ExitCodes.TIMEOUT, "the service at " + where + " did not answer in time ("
                            + status.lastErrorMessage() + ")")
                    : new CliFailure(ExitCodes.FAILED, "cannot connect to " + where + ": "
                            + status.lastErrorMessage());
        }
    }

    /**
     * Whether the failed connection attempt timed out: the service accepted the
     * connection but did not answer the handshake in time (it hangs, or is stopped).
     */
    private static boolean timedOut(ClientStatus status) {
        return status.lastError() == ServiceError.TIMEOUT;
    }

    /** The failure to report for a call that threw {@code e}. */
    public static CliFailure callFailed(ServiceException e, ServiceEndpoint endpoint) {
        String where = endpoint.socketPath().toString();
        if (e.error() == ServiceError.TIMEOUT) {
            return new CliFailure(ExitCodes.TIMEOUT, "the service at " + where + " did not answer in time", e);
        }
        return new CliFailure(ExitCodes.FAILED, "the call to " + where + " failed (" + e.error() + "): "
                + e.getMessage(), e);
    }
}
