package dev.serverlessmysql.test;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port in front of the test server that is either down (every connect is refused, as
 * while a server restarts, fails over or is not reachable yet) or up (connections are forwarded to
 * the server). Down at first. Unlike {@link MySqlTestServer#restart()}, the outage lasts exactly as
 * long as the test says, however long the real server would take to start on a loaded machine.
 */
public final class PortSwitch implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger toCut = new AtomicInteger();
    private volatile boolean cutByReset;
    private final AtomicInteger cut = new AtomicInteger();
    private ServerSocket listening;

    /** A switch on a free port, down, forwarding to {@code hostAndPort} once up. */
    public PortSwitch(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        this.targetHost = hostAndPort.substring(0, colon);
        this.targetPort = Integer.parseInt(hostAndPort.substring(colon + 1));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}: where the code under test connects. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** Starts accepting and forwarding connections. */
    public synchronized void up() throws IOException {
        if (listening != null) {
            return;
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listening = server;
        Thread acceptor = new Thread(() -> accept(server), "port-switch-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The next {@code connections} connections accepted are closed at once, before the server's
     * greeting: with {@code reset}, by a TCP reset (the client reads "Connection reset"), else by
     * an orderly close (the client reads end-of-stream). A server killed or restarting while
     * clients connect does either.
     */
    public void cutNext(int connections, boolean reset) {
        cutByReset = reset;
        toCut.set(connections);
    }

    /** How many connections were cut by {@link #cutNext(int, boolean)} so far. */
    public int cut() {
        return cut.get();
    }

    /** Refuses new connects and cuts every forwarded connection, as a server that stops. */
    public synchronized void down() {
        if (listening != null) {
            closeQuietly(listening);
            listening = null;
        }
        sockets.forEach(PortSwitch::closeQuietly);
        sockets.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (toCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                cutAtOnce(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void cutAtOnce(Socket client) {
        try {
            if (cutByReset) {
                // Linger 0: close() sends RST instead of FIN.
                client.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closed anyway below
        }
        closeQuietly(client);
        cut.incrementAndGet();
    }

    private static void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "port-switch-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() {
        down();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
