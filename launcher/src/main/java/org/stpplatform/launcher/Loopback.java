package org.stpplatform.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Loopback addresses: the only hosts the launcher starts services on or talks to. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private static final Set<String> HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private Loopback() {
    }

    static boolean isLoopbackHost(String host) {
        return host != null && HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago. Another process may take it before
     * the service binds; the service then fails to start with a clear bind error.
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
