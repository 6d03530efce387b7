package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.Launchers.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Level 2 and Level 3 interop fixtures
 * ({@code integration-tests/bin/interop_service}, {@code interop_cache}) as
 * separate processes: their argument errors and a client with no server. Their
 * exchanges, Java with Java and with the reference fixtures, run in the interop
 * matrix ({@link InteropUdsIT}).
 */
class InteropServiceIT {
    @TempDir
    Path work;

    @Test
    void usageAndUnknownModesExit1WithoutOutput() throws Exception {
        Path runDir = InteropFiles.privateDirectory(work.resolve("run"));
        for (Path fixture : new Path[] {Launchers.interopService(), Launchers.interopCache()}) {
            Result tooFew = Launchers.run(work, fixture, null, "server");
            Result badMode = Launchers.run(work, fixture, null, "serve", runDir.toString(), "svc");

            assertThat(tooFew.exitCode()).isEqualTo(InteropService.EXIT_FAILED);
            assertThat(tooFew.out()).isEmpty();
            assertThat(tooFew.err()).contains("Usage: interop_");
            assertThat(badMode.exitCode()).isEqualTo(InteropService.EXIT_FAILED);
            assertThat(badMode.out()).isEmpty();
            assertThat(badMode.err()).contains("Unknown mode: serve");
        }
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void aClientWithNoServerGivesUp() throws Exception {
        Path runDir = InteropFiles.privateDirectory(work.resolve("run"));

        Result service = Launchers.run(work, Launchers.interopService(), null, "client", runDir.toString(), "none");
        Result cache = Launchers.run(work, Launchers.interopCache(), null, "client", runDir.toString(), "none");

        assertThat(service.exitCode()).isEqualTo(InteropService.EXIT_FAILED);
        assertThat(service.out()).as("no verdict without a call").isEmpty();
        assertThat(service.err()).contains("client: not ready");
        assertThat(cache.exitCode()).isEqualTo(InteropService.EXIT_FAILED);
        assertThat(cache.outLines()).containsExactly(InteropService.FAIL);
        assertThat(cache.err()).contains("client: cache not ready after refresh");
    }

    @Test
    void aRelativeRunDirectoryExits1() throws Exception {
        Result result = Launchers.run(work, Launchers.interopService(), null, "server", "relative", "svc");

        assertThat(result.exitCode()).isEqualTo(InteropService.EXIT_FAILED);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("absolute path");
    }
}
