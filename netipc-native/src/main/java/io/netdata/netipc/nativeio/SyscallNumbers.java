package io.netdata.netipc.nativeio;

import java.util.Locale;

/**
 * Linux system call numbers of the raw calls the native layer makes, per
 * architecture: x86_64 has its own table, aarch64 uses the generic one.
 *
 * <p>Thread-safety: immutable.
 */
record SyscallNumbers(long mmap, long munmap, long futex) {
    /** {@code __NR_mmap}, {@code __NR_munmap}, {@code __NR_futex} on x86_64. */
    static final SyscallNumbers X86_64 = new SyscallNumbers(9, 11, 202);
    /** The same in the generic table aarch64 uses. */
    static final SyscallNumbers AARCH64 = new SyscallNumbers(222, 215, 98);
    private static final String AARCH64_ARCH = "aarch64";

    /** The table of {@code osArch}; the native layer refuses other architectures before any call. */
    static SyscallNumbers of(String osArch) {
        return osArch != null && osArch.toLowerCase(Locale.ROOT).equals(AARCH64_ARCH) ? AARCH64 : X86_64;
    }

    /** This machine's table. */
    static final SyscallNumbers CURRENT = of(System.getProperty("os.arch"));
}
