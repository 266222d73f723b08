package org.stpplatform.launcher;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LoopbackTest {

    @Test
    void busyPortRejectedWithServiceName() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            int port = holder.getLocalPort();

            assertThatThrownBy(() -> Loopback.requireFree("reward", port))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + port + " of the reward service is already in use")
                    .hasMessageContaining("--ports");
        }
    }

    @Test
    void freePortAccepted() throws IOException {
        int port = Loopback.freePort();

        assertThatCode(() -> Loopback.requireFree("trainer", port)).doesNotThrowAnyException();
    }
}
