package dev.serverlessmysql;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The extension's {@code GET /2020-01-01/extension/event/next}, one HTTP/1.1 request at a time on
 * one socket kept open between events: the call the extension makes once per invocation, on the
 * environment's CPU, so it is kept to writing one request and reading one answer.
 *
 * <p>Why not {@link java.net.HttpURLConnection}, which the register call (once, at init) uses:
 * measured in lambda-sim's spaced profile (a C1-only JVM, as a Lambda function's), each next-event
 * call through it took about 2 ms of the extension thread's CPU (URL parsing, its handler chain,
 * header maps, the keep-alive cache), and each put of the socket back into that cache started a
 * {@code Keep-Alive-Timer} thread, which found the cache empty five seconds later (the socket was
 * out again, waiting for the next event) and ended, to be started again at the next event: about
 * 0.5 ms more per invocation. {@link java.net.http.HttpClient} brings a selector thread and
 * futures for what is one blocking request.
 *
 * <p>What it reads: the status line, the headers it needs ({@code Content-Length},
 * {@code Transfer-Encoding: chunked}, {@code Connection: close}) and the body; without either
 * length header, the body runs to the end of the stream (HTTP/1.0 style) and the socket is not
 * reused. A socket the API closed while kept open (found when the request is written or before
 * any byte of the answer) is replaced and the request sent once more, as {@code HttpURLConnection}
 * does for a GET on a stale kept-alive connection.
 *
 * <p>Guards: none needed; used by the one extension thread that made it, and closed by it.
 */
final class NextEventClient implements AutoCloseable {

    /** An answer: its status code and its body (UTF-8). */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /**
     * What was read from the socket and not yet parsed: {@code buffer[position..limit)}. Parsed
     * here rather than through a {@code BufferedInputStream}, whose every one-byte read takes its
     * lock: a few hundred of them per answer, interpreted.
     */
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    /**
     * @param runtimeApi {@code AWS_LAMBDA_RUNTIME_API}: {@code host:port}
     * @param identifier the extension's {@code Lambda-Extension-Identifier}
     */
    NextEventClient(String runtimeApi, String identifier) {
        int colon = runtimeApi.lastIndexOf(':');
        if (colon <= 0 || colon == runtimeApi.length() - 1) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API is not host:port: " + runtimeApi);
        }
        String name = runtimeApi.substring(0, colon);
        // An IPv6 literal comes in brackets: [::1]:9001.
        this.host = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        this.port = Integer.parseInt(runtimeApi.substring(colon + 1));
        this.request = ("GET /2020-01-01/extension/event/next HTTP/1.1\r\nHost: " + runtimeApi
                + "\r\nLambda-Extension-Identifier: " + identifier + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Asks for the next event and waits for it, however long that takes. */
    Answer next() throws IOException {
        boolean reused = socket != null;
        try {
            return exchange();
        } catch (StaleConnection stale) {
            close();
            if (!reused) {
                throw new EOFException("the Extensions API closed the connection without an answer");
            }
            return exchange();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Answer exchange() throws IOException {
        if (socket == null) {
            Socket opened = new Socket();
            try {
                opened.setTcpNoDelay(true);
                opened.connect(new InetSocketAddress(host, port));
                in = opened.getInputStream();
                out = opened.getOutputStream();
                position = 0;
                limit = 0;
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            socket = opened;
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new StaleConnection();
        }
        if (position == limit && !fill()) {
            throw new StaleConnection();
        }
        String statusLine = line();
        // "HTTP/1.1 200 OK"
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP answer from the Extensions API: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
        long length = -1;
        boolean chunked = false;
        boolean keep = statusLine.startsWith("HTTP/1.1");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keep = !value.equalsIgnoreCase("close") && (keep || value.equalsIgnoreCase("keep-alive"));
                default -> {
                    // not needed
                }
            }
        }
        String body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = new String(exactly(length), StandardCharsets.UTF_8);
        } else {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(buffer, position, limit - position);
            position = limit;
            rest.write(in.readAllBytes());
            body = rest.toString(StandardCharsets.UTF_8);
            keep = false;
        }
        if (!keep) {
            close();
        }
        return new Answer(status, body);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int extension = size.indexOf(';');
            long chunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (chunk == 0) {
                // Trailer headers, up to the empty line.
                while (!line().isEmpty()) {
                    // skipped
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(exactly(chunk));
            line();
        }
    }

    private byte[] exactly(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("an Extensions API answer of " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        int taken = Math.min(bytes.length, limit - position);
        System.arraycopy(buffer, position, bytes, 0, taken);
        position += taken;
        while (taken < bytes.length) {
            int read = in.read(bytes, taken, bytes.length - taken);
            if (read < 0) {
                throw new EOFException("the Extensions API's answer ended early");
            }
            taken += read;
        }
        return bytes;
    }

    /** Reads more from the socket into an emptied buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            return false;
        }
        limit = read;
        return true;
    }

    /** One header line without its CRLF (ISO-8859-1, as HTTP headers are). */
    private String line() throws IOException {
        StringBuilder line = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (line == null) {
                        return part;
                    }
                    // A CR that ended the previous read belongs to this line's CRLF.
                    String whole = line.append(part).toString();
                    return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
                }
            }
            if (line == null) {
                line = new StringBuilder(64);
            }
            line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            if (!fill()) {
                throw new EOFException("the Extensions API's answer ended early");
            }
        }
    }

    @Override
    public void close() {
        Socket open = socket;
        socket = null;
        in = null;
        out = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** The kept-open socket was closed by the other side before this request got an answer. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("the kept-open connection to the Extensions API was closed");
        }
    }
}
