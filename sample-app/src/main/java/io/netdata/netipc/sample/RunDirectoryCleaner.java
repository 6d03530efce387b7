package io.netdata.netipc.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Removes the temporary run directory {@link TemporaryRunDirectory} made. Beans
 * are destroyed after every lifecycle bean has stopped, so the servers have
 * removed their sockets and regions by then.
 *
 * <p>Thread-safety: called once, by the container.
 */
@Component
class RunDirectoryCleaner implements DisposableBean {
    private static final Logger LOG = Logger.getLogger(RunDirectoryCleaner.class.getName());
    private final String temporary;

    RunDirectoryCleaner(@Value("${" + TemporaryRunDirectory.PROPERTY + ":}") String temporary) {
        this.temporary = temporary;
    }

    @Override
    public void destroy() {
        if (!temporary.isEmpty()) {
            delete(Path.of(temporary));
        }
    }

    /** Removes {@code directory} and what is left in it; a failure is logged, not thrown, at shutdown. */
    static void delete(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the temporary run directory " + directory, e);
        }
    }
}
