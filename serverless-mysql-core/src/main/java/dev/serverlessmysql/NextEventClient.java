package dev.serverlessmysql;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * {@code Transfer-Encoding: chunked}, {@code Connection: close}), each line ending in CRLF as
 * HTTP/1.1 requires, and the body; without either
 * length header, the body runs to the end of the stream (HTTP/1.0 style) and the socket is not
 * reused. A socket the API closed while kept open (found when the request is written or before
 * any byte of the answer) is replaced and the request sent once more, as {@code HttpURLConnection}
 * does for a GET on a stale kept-alive connection.
 *
 * <p>Requests sent for the thread that ends an invocation ({@link #claim}) leave their INVOKE
 * events unread: HTTP/1.1 keeps answers in order, so they are read past later, a few at a time
 * ({@link #skipClaimed}) or before the extension's thread reads its own ({@link #receive}).
 *
 * <p>Guards: the extension's thread that made it reads and closes it; {@link #send} and
 * {@link #claim} (the thread that ends an invocation) and {@link #skipClaimed} (the extension's
 * thread while it waits) run under the {@link InvokePhase}'s monitor, while the extension's thread
 * is not reading.
 */
final class NextEventClient implements AutoCloseable {

    /** An answer: its status code and its body (UTF-8). */
    record Answer(int status, String body) {
    }

    /** The most the status line and headers may take. */
    private static final int MAX_HEAD = 65536;
    /**
     * The most answers claimed requests may leave unread: beyond, a claim leaves the event to the
     * extension's thread, which reads past them (some 20 KiB of INVOKE events) before its own.
     */
    static final int MAX_CLAIMED_UNREAD = 48;

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
    private byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    /**
     * Answers to requests {@link #claim} sent that no one has read yet, oldest first in the
     * socket: {@link #receive} and {@link #skipClaimed} read them past.
     */
    private int claimedUnread;
    /**
     * The bytes not yet read ({@link #unread}) just after the last {@link #claim}, all of them
     * belonging to answers it or earlier claims took: a claim needs more than this, an answer
     * begun since.
     */
    private int unreadAtClaim;

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
            writeRequest();
        } catch (IOException e) {
            throw new StaleConnection();
        }
        return answer();
    }

    /**
     * Sends the request on the socket kept open, without reading the answer: for another thread
     * while this client's own thread is not using it (the caller guarantees that, and that this
     * thread reads the answer with {@link #receive} afterwards). False when no socket is open or
     * the write failed (the socket is then closed): the request is not sent, and this client's
     * thread sends it with {@link #next}.
     */
    boolean send() {
        if (socket == null) {
            return false;
        }
        try {
            writeRequest();
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    /**
     * The answer to the request {@link #send} sent. When the socket turns out to have been closed
     * by the API before any byte of the answer (kept open, it went stale), or {@code send} could
     * not write it, a new one is opened and the request sent once more, as {@link #next} does.
     */
    Answer receive() throws IOException {
        if (socket == null) {
            return next();
        }
        try {
            // The answers to the requests claims sent come first: INVOKE events their invocations
            // took. One that is not an event (the API refused a request) is this thread's to see.
            while (claimedUnread > 0) {
                Answer claimed = answer();
                tookClaimed(1);
                if (claimed.status() != 200) {
                    return claimed;
                }
            }
            return answer();
        } catch (StaleConnection stale) {
            close();
            return next();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void writeRequest() throws IOException {
        out.write(request);
        out.flush();
    }

    /**
     * Sends the next request for the thread that ends an invocation, while the extension's thread
     * waits without reading ({@link InvokePhase#awaitClaim}), when the answer to the outstanding
     * request has begun to arrive: the INVOKE event of the invocation now ending. Its answer is left
     * in the socket, to be read past later ({@link #skipClaimed}, {@link #receive}), in order, as
     * HTTP/1.1 keeps answers: reading and parsing it here cost the caller about 0.1 ms in
     * lambda-sim, before the response. Never blocks. False, sending nothing, when nothing has
     * arrived since the last claim (the event is not here yet, or this invocation already took
     * it: a second {@code endInvocation()} must not end the next invocation's phase), when
     * {@link #MAX_CLAIMED_UNREAD} answers are unread, or when the connection failed (the extension's
     * thread meets that when it reads).
     */
    boolean claim() {
        if (socket == null || claimedUnread >= MAX_CLAIMED_UNREAD) {
            return false;
        }
        int unread;
        try {
            unread = unread();
        } catch (IOException e) {
            return false;
        }
        // The API answers a request only after it read it, and reads the next only after it
        // answered: an answer begun means the request is answered, and the next one is no
        // pipelined request (Lambda's API need not take those).
        if (unread <= unreadAtClaim) {
            return false;
        }
        if (!send()) {
            return false;
        }
        claimedUnread++;
        unreadAtClaim = unread;
        return true;
    }

    /**
     * Reads past the answers to claimed requests that have wholly arrived, without blocking: the
     * extension's thread, now and then, so that they do not pile up in the socket. Returns how many;
     * stops at one that is not whole yet, has no {@code Content-Length}, or is not a 200 answer
     * ({@link #receive} returns that one).
     */
    int skipClaimed() {
        if (socket == null || claimedUnread == 0) {
            return 0;
        }
        int skipped = 0;
        try {
            int available = in.available();
            if (available > 0 && makeRoom(available)) {
                int read = in.read(buffer, limit, available);
                if (read > 0) {
                    limit += read;
                }
            }
            String arrived = new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1);
            int at = 0;
            while (skipped < claimedUnread) {
                int headEnd = arrived.indexOf("\r\n\r\n", at);
                if (headEnd < 0 || !arrived.startsWith("HTTP/1.1 200 ", at)) {
                    break;
                }
                Head head = Head.of(arrived.substring(at, headEnd + 2));
                long length = head.length();
                int bodyStart = headEnd + 4;
                if (head.chunked() || !head.keep() || length < 0 || length > arrived.length() - bodyStart) {
                    break;
                }
                at = bodyStart + (int) length;
                skipped++;
            }
            position += at;
            unreadAtClaim = Math.max(0, unreadAtClaim - at);
            tookClaimed(skipped);
        } catch (IOException | RuntimeException e) {
            // Left to the extension's thread, which meets it when it reads.
        }
        return skipped;
    }

    /** How many answers to claimed requests are unread: what the extension's thread looks at before reading past them. */
    int claimedUnread() {
        return claimedUnread;
    }

    private void tookClaimed(int answers) {
        claimedUnread -= answers;
        if (claimedUnread == 0) {
            // What is left unread belongs to no claim.
            unreadAtClaim = 0;
        }
    }

    /** Bytes read from the socket and not yet parsed, and bytes in the socket not yet read. */
    private int unread() throws IOException {
        return limit - position + in.available();
    }

    /** Bytes of answers that have arrived and are not read yet (buffered or in the socket): what a test waits for. */
    int arrived() {
        try {
            return socket == null ? 0 : unread();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Reads one answer from the socket. */
    private Answer answer() throws IOException {
        if (position == limit && !more()) {
            throw new StaleConnection();
        }
        // The head, up to its empty line, decoded once and searched with String's own methods:
        // the JDK's are compiled early in any JVM, while a loop over the bytes here stays
        // interpreted in a Lambda JVM (C1 only, a few dozen invocations).
        String head = head();
        Head parsed = Head.of(head);
        int status = parsed.status();
        long length = parsed.length();
        boolean chunked = parsed.chunked();
        boolean keep = parsed.keep();
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

    /**
     * The answer's status line and headers, each ending in CRLF, without the empty line that ends
     * them; leaves {@link #position} at the body. Reads more while the empty line has not come.
     */
    private String head() throws IOException {
        while (true) {
            String read = new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1);
            int end = read.indexOf("\r\n\r\n");
            if (end >= 0) {
                // ISO-8859-1: one char per byte.
                position += end + 4;
                return read.substring(0, end + 2);
            }
            if (!more()) {
                throw new EOFException("the Extensions API's answer ended early");
            }
        }
    }

    /**
     * An answer's status line and the headers that say how its body comes: searched with String's
     * own methods, which the JDK compiles early in any JVM, while a loop over the bytes here stays
     * interpreted in a Lambda JVM (C1 only, a few dozen invocations).
     *
     * @param length {@code Content-Length}, -1 when absent
     * @param keep whether the connection stays open after the answer
     */
    private record Head(int status, long length, boolean chunked, boolean keep) {

        /** The head up to and with the CRLF of its last header line. */
        static Head of(String head) throws IOException {
            // "HTTP/1.1 200 OK"
            int statusEnd = head.indexOf("\r\n");
            if (!head.startsWith("HTTP/1.") || statusEnd < 12 || head.charAt(8) != ' ') {
                throw new IOException("not an HTTP answer from the Extensions API: "
                        + head.substring(0, statusEnd < 0 ? Math.min(head.length(), 40) : statusEnd));
            }
            int status = Integer.parseInt(head, 9, 12, 10);
            long length = -1;
            boolean chunked = false;
            boolean keep = head.startsWith("HTTP/1.1");
            for (int start = statusEnd + 2; start < head.length(); ) {
                int end = head.indexOf("\r\n", start);
                int colon = head.indexOf(':', start);
                if (colon > start && colon < end) {
                    String value = head.substring(colon + 1, end).trim();
                    if (isHeader(head, start, colon, "content-length")) {
                        length = Long.parseLong(value);
                    } else if (isHeader(head, start, colon, "transfer-encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (isHeader(head, start, colon, "connection")) {
                        keep = !value.equalsIgnoreCase("close") && (keep || value.equalsIgnoreCase("keep-alive"));
                    }
                }
                start = end + 2;
            }
            return new Head(status, length, chunked, keep);
        }
    }

    /** Whether the header line at {@code start}, its name ending at {@code colon}, is {@code name} (any case). */
    private static boolean isHeader(String head, int start, int colon, String name) {
        return colon - start == name.length() && head.regionMatches(true, start, name, 0, name.length());
    }

    /**
     * Reads more from the socket after what is buffered and not yet parsed (moved to the
     * buffer's start, which grows when full); false at the end of the stream.
     */
    private boolean more() throws IOException {
        if (!makeRoom(1)) {
            throw new IOException("an Extensions API answer whose headers exceed " + MAX_HEAD + " bytes");
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }

    /**
     * Moves what is buffered and not read yet to the buffer's start and, when {@code bytes} more
     * still do not fit, grows the buffer (doubling, or to fit them); false when it would have to
     * grow past {@link #MAX_HEAD}.
     */
    private boolean makeRoom(int bytes) {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (buffer.length - limit < bytes) {
            if (limit + bytes > MAX_HEAD) {
                return false;
            }
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, limit + bytes));
        }
        return true;
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
            position = limit;
            if (!more()) {
                throw new EOFException("the Extensions API's answer ended early");
            }
        }
    }

    @Override
    public void close() {
        Socket open = socket;
        socket = null;
        claimedUnread = 0;
        unreadAtClaim = 0;
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
