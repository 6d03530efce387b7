package io.netdata.netipc.nativeio;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/**
 * Files that back shared memory: created exclusively with owner-only
 * permissions and every block reserved up front, or opened to attach.
 *
 * <p>The blocks are reserved with {@code fallocate}, never by extending a
 * sparse file: touching a page of a mapping whose block the filesystem cannot
 * provide raises {@code SIGBUS}, which in a JVM is a crash, not an exception.
 *
 * <p>Thread-safety: stateless.
 */
public final class SharedMemoryFile {
    /** Mode of a created file: read and write for the owner only. */
    public static final int OWNER_ONLY_MODE = 0600;
    /** {@code fallocate} mode 0: allocate the range and extend the file size to cover it. */
    static final int FALLOCATE_EXTEND = 0;
    /** {@code SEEK_END}. */
    static final int SEEK_END = 2;

    private static final int CREATE_FLAGS = OpenFlags.O_RDWR.intValue() | OpenFlags.O_CREAT.intValue()
            | OpenFlags.O_EXCL.intValue() | OpenFlags.O_CLOEXEC.intValue();
    private static final int ATTACH_FLAGS = OpenFlags.O_RDWR.intValue() | OpenFlags.O_CLOEXEC.intValue();
    /**
     * Read-only, not through a symbolic link, and never blocking (a FIFO planted at the
     * name would block a plain open forever).
     */
    private static final int INSPECT_FLAGS = OpenFlags.O_RDONLY.intValue() | OpenFlags.O_NOFOLLOW.intValue()
            | OpenFlags.O_NONBLOCK.intValue() | OpenFlags.O_CLOEXEC.intValue();

    private SharedMemoryFile() {
    }

    /**
     * Creates {@code path}, which must not exist, with mode 0600.
     *
     * @throws NativeException from {@code open}; {@code EEXIST} when the path exists
     */
    public static NativeFd create(Path path) throws NativeException {
        return new NativeFd(openRetrying(path, CREATE_FLAGS, OWNER_ONLY_MODE, "create"));
    }

    /**
     * Opens an existing {@code path} for reading and writing.
     *
     * @throws NativeException from {@code open}; {@code ENOENT} when it does not exist
     */
    public static NativeFd open(Path path) throws NativeException {
        return new NativeFd(openRetrying(path, ATTACH_FLAGS, 0, "open"));
    }

    /**
     * Opens {@code path} read-only to inspect what it holds (stale-region detection),
     * refusing to follow a symbolic link and never blocking.
     *
     * @throws NativeException from {@code open}: {@code ENOENT} when nothing is there,
     *     {@code ELOOP} for a symbolic link, {@code EMFILE}/{@code ENFILE} when out of descriptors
     */
    public static NativeFd openToInspect(Path path) throws NativeException {
        return new NativeFd(openRetrying(path, INSPECT_FLAGS, 0, "inspect"));
    }

    /**
     * Reads up to {@code length} bytes from the start of {@code file}'s current position
     * into {@code [0, length)} of the direct buffer {@code into}; retries {@code EINTR}.
     *
     * @return the number of bytes read, fewer than asked at the end of the file
     * @throws NativeException when {@code read} fails
     */
    public static int read(NativeFd file, ByteBuffer into, int length) throws NativeException {
        if (length < 0 || length > into.capacity()) {
            throw new IndexOutOfBoundsException("length " + length + " outside a buffer of " + into.capacity());
        }
        int fd = acquire(file);
        try {
            while (true) {
                long read = Native.libc().read(fd, Native.address(into), length);
                if (read >= 0) {
                    return (int) read;
                }
                int errno = Native.errno();
                if (errno != Errno.EINTR.intValue()) {
                    throw new NativeException("read", errno);
                }
            }
        } finally {
            file.release();
            Reference.reachabilityFence(into);
        }
    }

    private static int openRetrying(Path path, int flags, int mode, String operation) throws NativeException {
        byte[] name = UnixSocketAddress.cString(path);
        while (true) {
            int fd = Native.libc().open(name, flags, mode);
            if (fd >= 0) {
                return fd;
            }
            int errno = Native.errno();
            if (errno != Errno.EINTR.intValue()) {
                throw new NativeException(operation + " " + path, errno);
            }
        }
    }

    /**
     * Reserves {@code size} bytes of blocks for the file from offset 0, extending it;
     * retries {@code EINTR}.
     *
     * @throws NativeException any other failure ({@code ENOSPC}, {@code EOPNOTSUPP} on a
     *     filesystem without {@code fallocate}, {@code EPERM} under a seccomp filter): the
     *     caller must not fall back to a sparse file
     */
    public static void reserve(NativeFd file, long size) throws NativeException {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        int fd = acquire(file);
        try {
            while (Native.libc().fallocate(fd, FALLOCATE_EXTEND, 0, size) != 0) {
                int errno = Native.errno();
                if (errno != Errno.EINTR.intValue()) {
                    throw new NativeException("fallocate " + size + " bytes", errno);
                }
            }
        } finally {
            file.release();
        }
    }

    /**
     * The file's size in bytes.
     *
     * @throws NativeException when it cannot be determined
     */
    public static long size(NativeFd file) throws NativeException {
        int fd = acquire(file);
        try {
            return Native.check(Native.libc().lseek(fd, 0, SEEK_END), "lseek");
        } finally {
            file.release();
        }
    }

    static int acquire(NativeFd file) throws NativeException {
        int fd = file.acquire();
        if (fd == NativeFd.CLOSED) {
            throw new NativeException("file is closed", Errno.EBADF.intValue());
        }
        return fd;
    }
}
