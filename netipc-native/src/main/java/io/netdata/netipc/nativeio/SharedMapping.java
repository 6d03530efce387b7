package io.netdata.netipc.nativeio;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * A shared, read-write mapping of a whole file, seen through a direct
 * {@link ByteBuffer}.
 *
 * <p>Touching a mapping after {@code munmap} is a segmentation fault, a JVM
 * crash. So the buffer may only be used between {@link #acquire()} and
 * {@link #release()}; {@link #close()} only marks the mapping closed, and it is
 * unmapped when the last user releases it. A closer that must end waits in
 * progress (a futex wait on a word of the mapping) wakes them through
 * {@link #close(Consumer)}, while the mapping is still valid.
 *
 * <p>Thread-safety: every method is safe from any thread; the buffer's contents
 * are shared memory, which the users synchronise themselves.
 */
public final class SharedMapping implements AutoCloseable {
    /** {@code PROT_READ | PROT_WRITE}. */
    static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** {@code MAP_SHARED}: stores are seen by every process mapping the file. */
    static final int MAP_SHARED = 0x01;
    /** What {@code mmap} returns on failure. */
    static final long MAP_FAILED = -1;

    private final long address;
    private final int size;
    private final ByteBuffer buffer;
    private final UseCount uses = new UseCount();

    private SharedMapping(long address, int size) {
        this.address = address;
        this.size = size;
        this.buffer = MemoryIO.getInstance().newDirectByteBuffer(address, size).order(ByteOrder.nativeOrder());
    }

    /**
     * Maps the first {@code size} bytes of {@code file}, shared and read-write.
     * The file must already hold that many bytes of reserved blocks.
     *
     * @throws NativeException from {@code mmap}
     * @throws IllegalArgumentException when {@code size} is not positive or above {@link Integer#MAX_VALUE}
     */
    public static SharedMapping map(NativeFd file, long size) throws NativeException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mapping size out of range: " + size);
        }
        int fd = SharedMemoryFile.acquire(file);
        long address;
        try {
            address = Native.libc().syscall(SyscallNumbers.CURRENT.mmap(), 0, size, PROT_READ_WRITE, MAP_SHARED, fd,
                    0);
            if (address == MAP_FAILED) {
                throw new NativeException("mmap " + size + " bytes", Native.errno());
            }
        } finally {
            file.release();
        }
        try {
            return new SharedMapping(address, (int) size);
        } catch (RuntimeException | Error e) {
            Native.libc().syscall(SyscallNumbers.CURRENT.munmap(), address, size, 0, 0, 0, 0);
            throw e;
        }
    }

    /** The mapping's size in bytes. */
    public int size() {
        return size;
    }

    /** The mapping's address, for system calls (futex) on words inside it. */
    public long address() {
        return address;
    }

    /**
     * Reserves the mapping for use: until {@link #release()} it stays mapped.
     *
     * @return the buffer over the whole mapping (native byte order), or null once closing
     */
    public ByteBuffer acquire() {
        return uses.tryAcquire() ? buffer : null;
    }

    /** Ends a reservation of {@link #acquire()}; the last one after a close unmaps. */
    public void release() {
        if (uses.release()) {
            unmap();
        }
    }

    /** False once close was requested. */
    public boolean isOpen() {
        return uses.isOpen();
    }

    /** Unmaps once no user holds the mapping; idempotent. */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Marks the mapping closed, runs {@code wake} with the buffer while it is still
     * mapped (to end waits of its users), and unmaps it when the last user releases it.
     */
    public void close(Consumer<ByteBuffer> wake) {
        if (!uses.beginClose()) {
            return;
        }
        try {
            if (wake != null) {
                wake.accept(buffer);
            }
        } finally {
            release();
        }
    }

    private void unmap() {
        // munmap of a range mmap returned cannot fail in a way that leaves anything to release.
        Native.libc().syscall(SyscallNumbers.CURRENT.munmap(), address, size, 0, 0, 0, 0);
    }
}
