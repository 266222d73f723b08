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
     * Fails with a message that names the service and the port when {@code port} on 127.0.0.1 is
     * taken, so that a busy fixed port fails at once instead of after the service's start-up.
     */
    static void requireFree(String service, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port), 1);
        } catch (java.net.BindException taken) {
            throw new IOException("port " + port + " of the " + service + " service is already in use on " + HOST
                    + "; pass another with --ports or stop the process that holds it", taken);
        }
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
