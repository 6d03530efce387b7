package io.netdata.netipc.sample;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Removes the temporary run directory when the context closes. Beans are
 * destroyed after every lifecycle bean has stopped, so the servers have
 * removed their sockets and regions by then.
 *
 * <p>Thread-safety: called once, by the container.
 */
@Component
class RunDirectoryCleaner implements DisposableBean {
    @Override
    public void destroy() {
        TemporaryRunDirectory.remove();
    }
}
