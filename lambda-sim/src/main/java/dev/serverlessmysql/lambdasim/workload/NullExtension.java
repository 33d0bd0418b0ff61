package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code light-hikari-ext} kind's internal extension: subscribes to INVOKE and does nothing
 * with the events but ask for the next one at once, on its own thread, over one kept-open socket
 * (no {@code HttpURLConnection} per event, whose cost in a C1-only JVM would be charged to the
 * subscription). What any INVOKE-subscribed extension costs an invocation at the least: the
 * Lambda API's delivery of its event, the thread's wake-up and its {@code /next}. Beside
 * {@code light-hikari} it measures the floor that the DataSource's own extension (light against
 * light-noext) is compared with.
 */
final class NullExtension {

    private NullExtension() {
    }

    /** Registers for INVOKE (during init: before the runtime's first {@code /next}) and starts the thread. */
    static void start() throws IOException {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        HttpURLConnection register = (HttpURLConnection) URI.create("http://" + api + "/2020-01-01/extension/register")
                .toURL().openConnection();
        register.setRequestMethod("POST");
        register.setDoOutput(true);
        register.setRequestProperty("Lambda-Extension-Name", "null-extension");
        try (OutputStream body = register.getOutputStream()) {
            body.write("{\"events\":[\"INVOKE\"]}".getBytes(StandardCharsets.UTF_8));
        }
        if (register.getResponseCode() != 200) {
            throw new IOException("extension registration answered " + register.getResponseCode());
        }
        String identifier = register.getHeaderField("Lambda-Extension-Identifier");
        register.getInputStream().readAllBytes();
        byte[] request = ("GET /2020-01-01/extension/event/next HTTP/1.1\r\nHost: " + api
                + "\r\nLambda-Extension-Identifier: " + identifier + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        String[] hostPort = api.split(":");
        Thread thread = new Thread(() -> {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[8192];
                while (true) {
                    out.write(request);
                    out.flush();
                    readAnswer(in, buffer);
                }
            } catch (IOException e) {
                System.err.println("null extension: " + e);
            }
        }, "null-extension");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads one answer with a Content-Length (the emulator's); its body is not looked at. */
    private static void readAnswer(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int headEnd;
        while ((headEnd = new String(buffer, 0, filled, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n")) < 0) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                throw new IOException("the Extensions API closed the connection");
            }
            filled += read;
        }
        String head = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = head.indexOf("content-length:");
        int lineEnd = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        int left = length - (filled - headEnd - 4);
        while (left > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the Extensions API closed the connection");
            }
            left -= read;
        }
    }
}
