package io.netdata.netipc.nativeio;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.constants.platform.AddressFamily;

/**
 * Builds {@code struct sockaddr_un} for a filesystem path: a host-order
 * {@code sa_family_t} followed by {@code sun_path}, which holds at most
 * {@value #MAX_PATH_BYTES} bytes plus the terminating NUL.
 *
 * <p>Thread-safety: stateless.
 */
public final class UnixSocketAddress {
    /** Size of {@code sun_path} on Linux. */
    public static final int SUN_PATH_SIZE = 108;
    /** Longest path that fits, leaving room for the NUL. */
    public static final int MAX_PATH_BYTES = SUN_PATH_SIZE - 1;
    /** Size of {@code sa_family_t}. */
    static final int FAMILY_SIZE = 2;
    /** Size of the whole structure. */
    public static final int SIZE = FAMILY_SIZE + SUN_PATH_SIZE;
    /** The JDK's charset for file names, which is the platform's, not {@code file.encoding}. */
    static final String FILE_NAME_ENCODING_PROPERTY = "sun.jnu.encoding";
    private static final Charset FILE_NAME_CHARSET =
            fileNameCharset(System.getProperty(FILE_NAME_ENCODING_PROPERTY));
    private static final int BYTE_BITS = 8;
    private static final int BYTE_MASK = 0xFF;

    private UnixSocketAddress() {
    }

    /** True when {@code path} fits {@code sun_path}. */
    public static boolean fits(Path path) {
        return pathBytes(path).length <= MAX_PATH_BYTES;
    }

    /**
     * The address of {@code path}.
     *
     * @throws IllegalArgumentException when the path is longer than {@value #MAX_PATH_BYTES} bytes
     */
    public static byte[] of(Path path) {
        byte[] bytes = pathBytes(path);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("socket path of " + bytes.length + " bytes exceeds the "
                    + MAX_PATH_BYTES + " bytes sun_path allows: " + path);
        }
        byte[] address = new byte[SIZE];
        int family = AddressFamily.AF_UNIX.intValue();
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        address[littleEndian ? 0 : 1] = (byte) (family & BYTE_MASK);
        address[littleEndian ? 1 : 0] = (byte) ((family >>> BYTE_BITS) & BYTE_MASK);
        System.arraycopy(bytes, 0, address, FAMILY_SIZE, bytes.length);
        return address;
    }

    /**
     * {@code path} as a NUL-terminated C string of the same bytes {@link #of}
     * puts in {@code sun_path}, so that a path-taking call such as
     * {@link LibC#access} names the very file a {@code connect} or {@code bind}
     * to {@code path} reaches.
     */
    public static byte[] cString(Path path) {
        byte[] bytes = pathBytes(path);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /**
     * The path's bytes as the JDK's own file calls encode it ({@code sun.jnu.encoding}), so
     * that {@code bind} and {@code connect} name the same file as {@code java.nio.file} does
     * under any locale.
     */
    static byte[] pathBytes(Path path) {
        return path.toString().getBytes(FILE_NAME_CHARSET);
    }

    /** The charset named {@code name}; UTF-8, Linux's usual one, when there is no name or no such charset. */
    static Charset fileNameCharset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
