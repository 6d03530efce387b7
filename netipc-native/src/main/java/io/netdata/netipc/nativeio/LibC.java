package io.netdata.netipc.nativeio;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions the transports call, bound through JNR-FFI. Buffers are
 * passed as native addresses ({@code @intptr_t long}) of direct memory, so no
 * call copies or allocates; socket addresses and option values are small
 * arrays. Every call that can fail saves {@code errno}.
 *
 * <p>Not part of the public API: use {@link Native}. It is public only because
 * JNR-FFI generates its implementation in another class loader.
 *
 * <p>Thread-safety: the binding is stateless and safe for concurrent use;
 * {@code errno} is saved per thread.
 */
public interface LibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int socketpair(int domain, int type, int protocol, @Out int[] fds);

    @SaveError
    int bind(int fd, @In byte[] address, int addressLength);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, @intptr_t long address, @intptr_t long addressLength, int flags);

    @SaveError
    int connect(int fd, @In byte[] address, int addressLength);

    @SaveError
    @ssize_t
    long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    /** {@code message} is the address of a {@code struct msghdr} in direct memory. */
    @SaveError
    @ssize_t
    long sendmsg(int fd, @intptr_t long message, int flags);

    @SaveError
    @ssize_t
    long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);

    @SaveError
    @ssize_t
    long read(int fd, @intptr_t long buffer, @size_t long length);

    @SaveError
    @ssize_t
    long write(int fd, @intptr_t long buffer, @size_t long length);

    /** {@code fds} is the address of an array of {@code struct pollfd}; {@code count} is {@code nfds_t}. */
    @SaveError
    int poll(@intptr_t long fds, @size_t long count, int timeoutMillis);

    @SaveError
    int eventfd(int initialValue, int flags);

    @SaveError
    int getsockopt(int fd, int level, int option, @Out int[] value, @In @Out int[] valueLength);

    @SaveError
    int setsockopt(int fd, int level, int option, @In int[] value, int valueLength);

    @SaveError
    int shutdown(int fd, int how);

    @SaveError
    int fcntl(int fd, int command, int argument);

    /** On a socket before {@code bind}, sets the mode the socket file is created with. */
    @SaveError
    int fchmod(int fd, int mode);

    /** {@code path} is NUL-terminated. */
    @SaveError
    int unlink(@In byte[] path);

    /** {@code path} is NUL-terminated; {@code mode} is {@code F_OK} (exists) or a mask of permission bits. */
    @SaveError
    int access(@In byte[] path, int mode);

    /** {@code path} is NUL-terminated; {@code mode} matters only with {@code O_CREAT}. */
    @SaveError
    int open(@In byte[] path, int flags, int mode);

    /** Reserves {@code [offset, offset + length)} of the file's blocks ({@code mode} 0 also extends it). */
    @SaveError
    int fallocate(int fd, int mode, long offset, long length);

    @SaveError
    long lseek(int fd, long offset, int whence);

    /**
     * The raw system call {@code number} with six register arguments: futex has no libc
     * wrapper, and libc's six-argument {@code mmap} bound through JNR-FFI 2.3.4 receives a
     * garbled offset on x86_64 (it fails with {@code EINVAL} before reaching the kernel), so
     * {@code mmap} and {@code munmap} go through here too. Returns {@code -1} with errno set
     * on failure.
     */
    @SaveError
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
     * The raw system call {@code number} with four register arguments, for the futex
     * calls on the data plane's hot path: JNR-FFI's allocation-free invoker covers at
     * most six parameters, and the seven of the binding above make every call build an
     * argument buffer on the heap (about 100 bytes a call, measured). {@code syscall(2)}
     * passes the registers it is not given with unspecified contents; futex ignores
     * them for {@code FUTEX_WAIT} and {@code FUTEX_WAKE}.
     */
    @SaveError
    long syscall(long number, long a1, long a2, long a3, long a4);

    @SaveError
    int kill(int pid, int signal);

    int getpid();

    @SaveError
    int close(int fd);
}
