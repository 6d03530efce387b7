package io.netdata.netipc.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data file schema of docs/cli.md: defaults, derived fields, and every refusal. */
class FileDataSourceTest {
    @TempDir
    Path dir;

    private FileDataSource load(String json) throws IOException {
        Path file = dir.resolve("data.json");
        Files.writeString(file, json);
        return FileDataSource.load(file);
    }

    @Test
    void fieldsAreReadAndTheMissingOnesDerived() throws IOException {
        FileDataSource data = load("""
                {"generation": 7, "systemd_enabled": 1,
                 "cgroups": [
                   {"path": "/system.slice/ssh.service"},
                   {"path": "/custom", "name": "mine", "hash": 5, "options": 8, "enabled": 0, "orchestrator": 2,
                    "labels": {"team": "a", "empty": ""}}],
                 "processes": [{"pid": 10, "ppid": 1, "uid": 1000, "comm": "app", "starttime": 99,
                                "cgroup": "/custom"}]}
                """);

        CgroupSet set = data.cgroups();
        assertThat(set.generation()).isEqualTo(7);
        assertThat(set.systemdEnabled()).isEqualTo(1);
        CgroupRecord ssh = set.byPath(ByteString.utf8("/system.slice/ssh.service"));
        assertThat(ssh.name().asString()).isEqualTo("ssh");
        assertThat(ssh.hash()).isEqualTo(SimpleHash.of("ssh"));
        assertThat(ssh.orchestrator()).isEqualTo(Orchestrator.SYSTEMD);
        assertThat(ssh.options()).isEqualTo(CgroupRecord.OPTION_SYSTEM_SLICE_SERVICE);
        CgroupRecord custom = set.byPath(ByteString.utf8("/custom"));
        assertThat(custom).isEqualTo(new CgroupRecord(ByteString.utf8("/custom"), ByteString.utf8("mine"), 5, 8, 0,
                2, java.util.List.of(label("team", "a"), label("empty", ""))));
        assertThat(data.process(10)).isEqualTo(new ProcessRecord(10, 1, 1000, 99, ByteString.utf8("app"),
                ByteString.utf8("/custom")));
        assertThat(data.process(11)).isNull();
    }

    private static io.netdata.netipc.protocol.lookup.LookupLabel label(String key, String value) {
        return new io.netdata.netipc.protocol.lookup.LookupLabel(ByteString.utf8(key), ByteString.utf8(value));
    }

    @Test
    void anEmptyDocumentServesNothing() throws IOException {
        FileDataSource data = load("{}");
        assertThat(data.cgroups().items()).isEmpty();
        assertThat(data.cgroups().generation()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "{\"extra\": 1}", "{\"cgroups\": {}}", "{\"cgroups\": [1]}", "{\"cgroups\": [{}]}",
        "{\"cgroups\": [{\"path\": \"relative\"}]}", "{\"cgroups\": [{\"path\": \"/a\", \"hash\": -1}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"hash\": 4294967296}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"orchestrator\": 65536}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"name\": \"x\\u0000y\"}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"labels\": []}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"labels\": {\"\": \"v\"}}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"labels\": {\"k\": 1}}]}",
        "{\"cgroups\": [{\"path\": \"/a\", \"color\": 1}]}",
        "{\"processes\": [{\"comm\": \"x\"}]}", "{\"processes\": [{\"pid\": 0, \"comm\": \"x\"}]}",
        "{\"processes\": [{\"pid\": 1}]}", "{\"processes\": [{\"pid\": 1, \"comm\": \"\"}]}",
        "{\"processes\": [{\"pid\": 1, \"comm\": \"sixteen-bytes-xx\"}]}",
        "{\"processes\": [{\"pid\": 1, \"comm\": \"a\"}, {\"pid\": 1, \"comm\": \"b\"}]}",
        "{\"processes\": [{\"pid\": 1.5, \"comm\": \"a\"}]}", "{\"generation\": \"1\"}", "not json"})
    void anInvalidDocumentIsRefusedWithAReason(String json) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }
}
