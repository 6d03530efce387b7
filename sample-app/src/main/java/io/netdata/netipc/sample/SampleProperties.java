package io.netdata.netipc.sample;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sample's own {@code sample.*} properties.
 *
 * <p>Thread-safety: bound once at start-up, read afterwards.
 */
@ConfigurationProperties(prefix = "sample")
public class SampleProperties {
    /**
     * Whether this application serves cgroups-snapshot and apps-lookup itself. Turn it off to
     * consume the services of a running Netdata (with netipc.run-dir=/run/netdata).
     */
    private boolean serve = true;

    /** The cgroup hierarchy the served snapshot is read from. */
    private Path cgroupRoot = Path.of("/sys/fs/cgroup");

    /** The proc file system apps-lookup answers from. */
    private Path procRoot = Path.of("/proc");

    public boolean isServe() {
        return serve;
    }

    public void setServe(boolean serve) {
        this.serve = serve;
    }

    public Path getCgroupRoot() {
        return cgroupRoot;
    }

    public void setCgroupRoot(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    public Path getProcRoot() {
        return procRoot;
    }

    public void setProcRoot(Path procRoot) {
        this.procRoot = procRoot;
    }
}
