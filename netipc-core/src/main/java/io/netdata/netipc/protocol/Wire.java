package io.netdata.netipc.protocol;

import io.netdata.netipc.protocol.internal.Directory;

/**
 * Constants of the netipc wire envelope (upstream {@code level1-wire-envelope.md}).
 * All multi-byte fields are in host byte order.
 *
 * <p>Thread-safety: constants only.
 */
public final class Wire {
    /** Outer header magic, "NIPC". */
    public static final long MAGIC_MSG = 0x4e495043L;
    /** Chunk continuation header magic, "NCHK". */
    public static final long MAGIC_CHUNK = 0x4e43484bL;
    /** Envelope version of both headers. */
    public static final int VERSION = 1;
    /** Size of the outer header and of the chunk continuation header. */
    public static final int HEADER_LEN = 32;
    /** Layout version of every method and control payload. */
    public static final int LAYOUT_VERSION = 1;
    /** Items and keys start at multiples of this. */
    public static final int ALIGNMENT = 8;

    /** Message kind: client-to-server request. */
    public static final int KIND_REQUEST = 1;
    /** Message kind: server-to-client response. */
    public static final int KIND_RESPONSE = 2;
    /** Message kind: handshake control message. */
    public static final int KIND_CONTROL = 3;

    /** Header flag: the payload is a batch directory plus packed items. */
    public static final int FLAG_BATCH = 0x0001;

    /** Control opcode: client hello. */
    public static final int CODE_HELLO = 1;
    /** Control opcode: server hello-ack. */
    public static final int CODE_HELLO_ACK = 2;

    /** Method code: u64 ping-pong. */
    public static final int METHOD_INCREMENT = 1;
    /** Method code: cgroups snapshot refresh. */
    public static final int METHOD_CGROUPS_SNAPSHOT = 2;
    /** Method code: string ping-pong. */
    public static final int METHOD_STRING_REVERSE = 3;
    /** Method code: ordered cgroup path lookup. */
    public static final int METHOD_CGROUPS_LOOKUP = 4;
    /** Method code: ordered PID lookup. */
    public static final int METHOD_APPS_LOOKUP = 5;

    /** Profile bit: UDS SEQPACKET baseline (POSIX) / named pipe (Windows). */
    public static final int PROFILE_BASELINE = 0x01;
    /** Profile bit: shared-memory hybrid. */
    public static final int PROFILE_SHM_HYBRID = 0x02;
    /** Profile bit: SHM futex (POSIX, reserved) / SHM busy-wait (Windows). */
    public static final int PROFILE_SHM_FUTEX = 0x04;
    /** Profile bit: Windows SHM WaitOnAddress. */
    public static final int PROFILE_SHM_WAITADDR = 0x08;

    /** Size of one batch directory entry (offset u32, length u32). */
    public static final int BATCH_ENTRY_SIZE = Directory.ENTRY_SIZE;

    /** Zero-configuration payload ceiling in bytes (a named default, not a protocol limit). */
    public static final int MAX_PAYLOAD_DEFAULT = 1024;
    /** Zero-configuration automatic growth ceiling in bytes. */
    public static final int MAX_PAYLOAD_CAP = 1_048_576;

    private Wire() {
    }
}
