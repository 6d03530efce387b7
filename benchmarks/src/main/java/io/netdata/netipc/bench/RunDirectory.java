package io.netdata.netipc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference drivers' run-directory rules ({@code nipc_test_resolve_run_dir}),
 * checked before any client or server starts, with the reference's messages: an
 * absolute path without a {@code ..} component, to an existing directory that
 * is not a symbolic link, owned by the effective user and writable by no group
 * or other user.
 *
 * <p>Linux: the effective uid comes from {@code /proc/self/status}.
 *
 * <p>Thread-safety: stateless.
 */
final class RunDirectory {
    /** The reference's PATH_MAX buffer, terminating NUL included. */
    private static final int PATH_MAX = 4096;
    /** S_IWGRP | S_IWOTH. */
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");
    private static final String UID_LINE = "Uid:";
    /** Fields of the Uid line after its name: real, effective, saved, filesystem. */
    private static final int EFFECTIVE_UID_FIELD = 2;
    private static final String PARENT = "..";

    private RunDirectory() {
    }

    /** A run directory the reference would refuse; the message is the reference's. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** Checks {@code input} for this process's effective user. */
    static Path resolve(String input) throws Invalid, IOException {
        return resolve(input, effectiveUid());
    }

    /** Checks {@code input} as the reference does for a process whose effective uid is {@code euid}. */
    static Path resolve(String input, long euid) throws Invalid {
        if (!input.startsWith("/") || hasParentComponent(input)) {
            throw new Invalid("run directory must be an absolute path without '..': " + input);
        }
        Path path = Path.of(input);
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid,isDirectory,isSymbolicLink",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new Invalid("run directory must exist and not be a symlink: " + input);
        }
        if ((Boolean) attributes.get("isSymbolicLink")) {
            throw new Invalid("run directory must exist and not be a symlink: " + input);
        }
        if (!(Boolean) attributes.get("isDirectory")) {
            throw new Invalid("run directory is not a directory: " + input);
        }
        if (((Integer) attributes.get("uid")).longValue() != euid) {
            throw new Invalid("run directory is not owned by this user: " + input);
        }
        if (((Integer) attributes.get("mode") & GROUP_OR_OTHER_WRITE) != 0) {
            throw new Invalid("run directory is group/world writable: " + input);
        }
        if (input.getBytes(StandardCharsets.UTF_8).length + 1 > PATH_MAX) {
            throw new Invalid("run directory path is too long");
        }
        return path;
    }

    /** The reference's test: {@code ..} alone, or as the first, a middle or the last component. */
    static boolean hasParentComponent(String path) {
        return path.equals(PARENT) || path.startsWith(PARENT + "/") || path.startsWith(PARENT + "\\")
                || path.contains("/../") || path.contains("\\..\\") || path.endsWith("/" + PARENT)
                || path.endsWith("\\" + PARENT);
    }

    /** This process's effective uid. */
    static long effectiveUid() throws IOException {
        for (String line : Files.readAllLines(PROCESS_STATUS, StandardCharsets.UTF_8)) {
            if (line.startsWith(UID_LINE)) {
                return Long.parseLong(line.split("\\s+")[EFFECTIVE_UID_FIELD]);
            }
        }
        throw new IOException(PROCESS_STATUS + " has no " + UID_LINE + " line");
    }
}
