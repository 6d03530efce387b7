package io.netdata.netipc.sample;

import java.util.logging.Logger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The netipc sample: serves this host's cgroups ({@code cgroups-snapshot})
 * and processes ({@code apps-lookup}) over netipc from @NetIpcHandler beans,
 * consumes its own snapshot through a cache bean, and shows both over HTTP
 * ({@code /cgroups}, {@code /cgroups/{name}}, {@code /pids/{pid}}) and the
 * actuator. With no configuration it works in a temporary run directory
 * that it removes when it stops.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {
    private static final Logger LOG = Logger.getLogger(SampleApplication.class.getName());

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** The cleaner must exist to be destroyed: never lazy, whatever spring.main.lazy-initialization says. */
    @Bean
    static LazyInitializationExcludeFilter eagerRunDirectoryCleaner() {
        return LazyInitializationExcludeFilter.forBeanTypes(RunDirectoryCleaner.class);
    }

    /** Says where the services are, so that the netipc tool can be pointed at them. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announceRunDirectory(@Value("${netipc.run-dir}") String runDir) {
        return event -> LOG.info("netipc run directory: " + runDir);
    }
}
