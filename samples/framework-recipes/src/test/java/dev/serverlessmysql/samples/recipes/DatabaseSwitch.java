package dev.serverlessmysql.samples.recipes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port in front of the test server that is either down (connects are refused, as for a
 * database that is stopped or not reachable yet) or up (connections are forwarded to the server).
 * Lets a test start an application while "the database is down" and bring it up afterwards.
 */
public final class DatabaseSwitch implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listening;

    /** Down at first, on a free loopback port, forwarding to {@code host:port} once up. */
    public DatabaseSwitch(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        this.targetHost = hostAndPort.substring(0, colon);
        this.targetPort = Integer.parseInt(hostAndPort.substring(colon + 1));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}: where the application connects. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** Starts accepting and forwarding connections. */
    public synchronized void up() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listening = server;
        Thread acceptor = new Thread(() -> accept(server), "database-switch-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "database-switch-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public synchronized void close() {
        if (listening != null) {
            closeQuietly(listening);
        }
        sockets.forEach(DatabaseSwitch::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
