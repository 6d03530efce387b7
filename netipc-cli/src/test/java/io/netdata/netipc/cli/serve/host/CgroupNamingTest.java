package io.netdata.netipc.cli.serve.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.serve.CgroupRecord;
import io.netdata.netipc.protocol.SimpleHash;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The naming rules docs/cli.md lists, one row each. The patterns run on the
 * path's bytes held one per char (ISO-8859-1), so a rule matching any byte
 * sees 0x85, the second byte of "Å" (C3 85) and of "х" (D1 85), as U+0085,
 * which Java's {@code .} takes for a line terminator: each such rule has a
 * row with that byte.
 */
class CgroupNamingTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String POD = "5f2b8c1e-0b7a-4c51-9d8e-1a2b3c4d5e6f";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /system.slice/ssh.service | ssh | 1 | 2
            /system.slice/system-getty.slice/getty@tty1.service | getty@tty1 | 1 | 2
            /system.slice/systemd-fsck@dev-disk-by\\x2duuid.service | systemd-fsck@dev-disk-by-uuid | 1 | 2
            /system.slice/caf\\xc3\\xa9.service | café | 1 | 2
            /system.slice/ma\\xc4\\x81ori\\x2dapp.service | maāori-app | 1 | 2
            /system.slice/bad\\xff\\x2d\\xc3.service | bad\\xff-\\xc3 | 1 | 2
            /system.slice/c1\\xc2\\x85ctl.service | c1\\xc2\\x85ctl | 1 | 2
            /user.slice/user-1000.slice | user_1000 | 1 | 0
            /machine.slice/machine-qemu\\x2d1\\x2dvm.scope | machine_qemu-1-vm | 4 | 0
            /machine.slice/machine-lxc\\x2dweb.scope | machine_lxc-web | 5 | 0
            /machine.slice/machine-box.scope | machine_box | 7 | 0
            /machine.slice/machine-Åsa.scope | machine_Åsa | 7 | 0
            /system.slice/docker-ID.scope | docker_0123456789ab | 2 | 0
            /docker/ID | docker_0123456789ab | 2 | 0
            /machine.slice/libpod-ID.scope | podman_0123456789ab | 6 | 0
            /system.slice/cri-containerd-ID.scope | containerd_0123456789ab | 0 | 0
            /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod5f2b8c1e_0b7a_4c51_9d8e_1a2b3c4d5e6f.slice | k8s_pod_POD | 3 | 0
            /kubepods/burstable/podPOD/ID | k8s_pod_POD_0123456789ab | 3 | 0
            /kubepods.slice/kubepods-Åsa-podPOD.slice | k8s_pod_POD | 3 | 0
            /kubepods.slice/kubepods-podPOD.slice/cri-containerd-ID.scope | k8s_pod_POD_0123456789ab | 3 | 0
            /lxc/web | lxc_web | 5 | 0
            /lxc.payload.web | lxc_web | 5 | 0
            /lxc.payload.хост | lxc_хост | 5 | 0
            /init.scope | init.scope | 0 | 0
            /a dir/with space | a dir_with space | 0 | 0
            /machine.slice/machine-bad\\x00name.scope | machine_bad\\x00name | 7 | 0
            """)
    void namesCgroupsAsNetdataDoes(String path, String name, int orchestrator, long options) {
        CgroupRecord record = CgroupNaming.name(path.replace("ID", ID).replace("POD", POD), false);

        assertThat(record.name().asString()).isEqualTo(name.replace("POD", POD));
        assertThat(record.orchestrator()).isEqualTo(orchestrator);
        assertThat(record.options()).isEqualTo(options);
        assertThat(record.hash()).isEqualTo(SimpleHash.of(record.name()));
        assertThat(record.enabled()).isEqualTo(CgroupRecord.ENABLED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /system.slice/docker-ID.scope | container_id=ID
            /kubepods/burstable/podPOD/ID | pod_uid=POD,container_id=ID
            /user.slice/user-42.slice | uid=42
            /system.slice/ssh.service | ''
            """)
    void labelsCarryTheIdentifiers(String path, String labels) {
        CgroupRecord record = CgroupNaming.name(path.replace("ID", ID).replace("POD", POD), true);

        String shown = record.labels().stream().map(l -> l.key().asString() + "=" + l.value().asString())
                .collect(Collectors.joining(","));
        assertThat(shown).isEqualTo(labels.replace("ID", ID).replace("POD", POD));
        assertThat(record.options() & CgroupRecord.OPTION_IS_UNIFIED).isEqualTo(CgroupRecord.OPTION_IS_UNIFIED);
    }
}
