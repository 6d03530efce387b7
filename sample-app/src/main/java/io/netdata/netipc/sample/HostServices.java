package io.netdata.netipc.sample;

import io.netdata.netipc.cli.serve.ServedHandlers;
import io.netdata.netipc.cli.serve.host.HostDataSource;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.service.server.AppsLookupHandler;
import io.netdata.netipc.service.server.CgroupsSnapshotHandler;
import io.netdata.netipc.spring.autoconfigure.NetIpcHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services the sample exports, answered from this host by the readers of
 * {@code netipc serve}: unless {@code sample.serve=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.serve", matchIfMissing = true)
class HostServices {
    @Bean
    HostDataSource hostDataSource(SampleProperties properties) {
        return new HostDataSource(properties.getCgroupRoot(), properties.getProcRoot());
    }

    @Bean
    HostCgroups hostCgroupsHandler(HostDataSource host) {
        return new HostCgroups(ServedHandlers.cgroupsSnapshot(host));
    }

    @Bean
    HostProcesses hostProcessesHandler(HostDataSource host) {
        return new HostProcesses(ServedHandlers.appsLookup(host));
    }

    /** This host's cgroups; the host readers are thread-safe. */
    @NetIpcHandler(service = "${sample.services.cgroups:cgroups-snapshot}")
    record HostCgroups(CgroupsSnapshotHandler delegate) implements CgroupsSnapshotHandler {
        @Override
        public void handle(CgroupsSnapshotRequestView request, CgroupsSnapshotResponseBuilder response)
                throws Exception {
            delegate.handle(request, response);
        }
    }

    /** This host's processes, joined to their cgroups. */
    @NetIpcHandler(service = "${sample.services.apps:apps-lookup}")
    record HostProcesses(AppsLookupHandler delegate) implements AppsLookupHandler {
        @Override
        public void handle(AppsLookupRequestView request, AppsLookupResponseBuilder response) throws Exception {
            delegate.handle(request, response);
        }
    }
}
