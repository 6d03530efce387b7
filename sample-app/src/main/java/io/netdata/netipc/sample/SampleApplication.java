package io.netdata.netipc.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

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
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
