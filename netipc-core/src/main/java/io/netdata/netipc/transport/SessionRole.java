package io.netdata.netipc.transport;

/**
 * Which end of a session this is. A client sends requests and receives
 * responses; a server receives requests and sends responses.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum SessionRole {
    CLIENT,
    SERVER
}
