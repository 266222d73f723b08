package org.stpplatform.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void cpuSelectsCpu() {
        assertThat(Devices.select("cpu")).isEqualTo(Device.cpu());
        assertThat(Devices.select(" CPU ")).isEqualTo(Device.cpu());
    }

    @Test
    void gpuFallsBackToCpuWithoutCuda() {
        boolean hasGpu = Engine.getInstance().getGpuCount() > 0;
        Device expected = hasGpu ? Device.gpu() : Device.cpu();

        assertThat(Devices.select("gpu")).isEqualTo(expected);
        assertThat(Devices.select("cuda:0")).isEqualTo(expected);
        assertThat(Devices.select("auto")).isEqualTo(expected);
        assertThat(Devices.select(null)).isEqualTo(expected);
    }

    @Test
    void unknownNameIsRejected() {
        assertThatThrownBy(() -> Devices.select("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tpu'")
                .hasMessageContaining("auto");
        assertThatThrownBy(() -> Devices.select("gpux"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Devices.select("gpu:-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid index");
    }
}
