package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The extension's next-event call against a scripted server on a real socket: each accepted
 * connection reads requests and writes the next scripted answer, byte for byte.
 */
class NextEventClientTest {

    private static final String EVENT = "{\"eventType\":\"INVOKE\",\"deadlineMs\":1700000000000}";

    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    /**
     * An answer to write, whether to close the connection after it (without saying so), and the
     * size of the pieces it is written in (0: at once), each flushed on its own.
     */
    private record Script(String answer, boolean closeAfter, int pieces, java.util.concurrent.CountDownLatch rest) {
        Script(String answer, boolean closeAfter) {
            this(answer, closeAfter, 0);
        }

        Script(String answer, boolean closeAfter, int pieces) {
            this(answer, closeAfter, pieces, null);
        }
    }

    private NextEventClient client() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread serve = new Thread(() -> serve(socket));
                    serve.setDaemon(true);
                    serve.start();
                }
            } catch (IOException closed) {
                // the test ended
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return new NextEventClient("127.0.0.1:" + server.getLocalPort(), "ext-id-1");
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            while (true) {
                StringBuilder request = new StringBuilder();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    request.append(line).append('\n');
                }
                if (request.length() == 0) {
                    return;
                }
                requests.add(request.toString());
                Script script = scripts.poll(10, TimeUnit.SECONDS);
                if (script == null) {
                    return;
                }
                byte[] bytes = script.answer().getBytes(StandardCharsets.UTF_8);
                int piece = script.pieces() == 0 ? bytes.length : script.pieces();
                for (int at = 0; at < bytes.length; at += piece) {
                    if (at > 0 && script.rest() != null) {
                        script.rest().await(); // the rest only when the test says
                    }
                    out.write(bytes, at, Math.min(piece, bytes.length - at));
                    out.flush();
                    if (script.pieces() > 0) {
                        Thread.sleep(1);
                    }
                }
                if (script.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String withLength(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nLambda-Extension-Event-Identifier: e1\r\n\r\n" + body;
    }

    @Test
    void sendsTheIdentifierAndReadsAContentLengthAnswerOnOneKeptOpenConnection() throws Exception {
        try (NextEventClient client = client()) {
            scripts.add(new Script(withLength(EVENT), false));
            scripts.add(new Script(withLength("{\"eventType\":\"INVOKE\",\"x\":\"é\"}"), false));

            assertThat(client.next()).isEqualTo(new NextEventClient.Answer(200, EVENT));
            assertThat(client.next().body()).isEqualTo("{\"eventType\":\"INVOKE\",\"x\":\"é\"}");

            assertThat(connections).hasValue(1);
            assertThat(requests).hasSize(2).allSatisfy(request -> assertThat(request)
                    .startsWith("GET /2020-01-01/extension/event/next HTTP/1.1\n")
                    .contains("Lambda-Extension-Identifier: ext-id-1\n")
                    .contains("Host: 127.0.0.1:" + server.getLocalPort() + "\n"));
        }
    }

    @Test
    void readsAChunkedAnswer() throws Exception {
        try (NextEventClient client = client()) {
            String first = EVENT.substring(0, 10);
            String rest = EVENT.substring(10);
            scripts.add(new Script("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(first.length()) + ";name=value\r\n" + first + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\nTrailer: x\r\n\r\n", false));
            scripts.add(new Script(withLength("{}"), false));

            assertThat(client.next().body()).isEqualTo(EVENT);
            assertThat(client.next().body()).as("the connection is still in step").isEqualTo("{}");
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void anAnswerArrivingInPiecesSplitAnywhereIsReadWhole() throws Exception {
        try (NextEventClient client = client()) {
            String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(EVENT.length()) + "\r\n" + EVENT + "\r\n0\r\n\r\n";
            for (int piece : new int[] {1, 2, 3, 7}) {
                scripts.add(new Script(withLength(EVENT), false, piece));
                scripts.add(new Script(chunked, false, piece));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(client.next()).as("answer %d", i).isEqualTo(new NextEventClient.Answer(200, EVENT));
            }
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void anAnswerThatClosesTheConnectionIsReadAndTheNextRequestOpensANewOne() throws Exception {
        try (NextEventClient client = client()) {
            scripts.add(new Script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", true));
            scripts.add(new Script("HTTP/1.0 200 OK\r\n\r\n" + EVENT, true));
            scripts.add(new Script(withLength("{}"), false));

            assertThat(client.next().body()).isEqualTo("{}");
            assertThat(client.next().body()).as("no length: to the end of the stream").isEqualTo(EVENT);
            assertThat(client.next().body()).isEqualTo("{}");
            assertThat(connections).hasValue(3);
        }
    }

    @Test
    void aKeptOpenConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        try (NextEventClient client = client()) {
            // Closed after the answer without "Connection: close": the client learns it at the next request.
            scripts.add(new Script(withLength("{}"), true));
            scripts.add(new Script(withLength(EVENT), false));

            assertThat(client.next().body()).isEqualTo("{}");
            assertThat(client.next().body()).isEqualTo(EVENT);

            assertThat(connections).hasValue(2);
            assertThat(requests).as("the second request reached the server once").hasSize(2);
        }
    }

    @Test
    void anErrorStatusIsAnsweredWithItsBodyAndAClosedApiIsAnIoException() throws Exception {
        try (NextEventClient client = client()) {
            // The server closes the connection after it without saying so, and then stops listening.
            scripts.add(new Script("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror", true));
            assertThat(client.next()).isEqualTo(new NextEventClient.Answer(500, "error"));

            server.close();
            // The kept-open connection is gone and no new one is accepted.
            assertThatThrownBy(client::next).isInstanceOf(IOException.class);
        }
    }

    @Test
    void headerNamesInAnyCaseAndAHeadLargerThanTheBufferAreRead() throws Exception {
        try (NextEventClient client = client()) {
            String padding = "x".repeat(20_000);
            scripts.add(new Script("HTTP/1.1 200 OK\r\nX-Padding: " + padding + "\r\ncontent-LENGTH: 2\r\n\r\n{}", false));
            scripts.add(new Script("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING:  Chunked \r\n\r\n2\r\n{}\r\n0\r\n\r\n", false));

            assertThat(client.next()).isEqualTo(new NextEventClient.Answer(200, "{}"));
            assertThat(client.next()).isEqualTo(new NextEventClient.Answer(200, "{}"));
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void aRequestSentByAnotherThreadIsAnsweredToThisOneOnTheSameConnection() throws Exception {
        try (NextEventClient client = client()) {
            scripts.add(new Script(withLength("{}"), false));
            scripts.add(new Script(withLength(EVENT), false));
            assertThat(client.next().body()).isEqualTo("{}");

            Thread sender = new Thread(() -> assertThat(client.send()).isTrue());
            sender.start();
            sender.join();

            assertThat(client.receive()).isEqualTo(new NextEventClient.Answer(200, EVENT));
            assertThat(requests).as("one request per answer").hasSize(2);
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void aRequestSentOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        try (NextEventClient client = client()) {
            // Closed after the answer without "Connection: close": the write of the next request
            // still succeeds (the peer's close is not known yet), its answer never comes.
            scripts.add(new Script(withLength("{}"), true));
            scripts.add(new Script(withLength(EVENT), false));
            assertThat(client.next().body()).isEqualTo("{}");

            client.send();

            assertThat(client.receive()).isEqualTo(new NextEventClient.Answer(200, EVENT));
            assertThat(connections).hasValue(2);
            assertThat(requests).as("the request reached the server once").hasSize(2);
        }
    }

    @Test
    void aClaimSendsTheNextRequestOnceTheEventHasBegunToArriveAndLeavesItUnread() throws Exception {
        try (NextEventClient client = client()) {
            scripts.add(new Script(withLength("{}"), false));
            // All but its last 5 bytes, the rest when the test says.
            String event = withLength(EVENT);
            java.util.concurrent.CountDownLatch rest = new java.util.concurrent.CountDownLatch(1);
            assertThat(client.next().body()).isEqualTo("{}");
            assertThat(client.claim()).as("no request outstanding, nothing arrived: nothing sent").isFalse();
            assertThat(client.send()).isTrue();
            awaitRequests(2);
            assertThat(client.claim()).as("its answer not begun: nothing sent").isFalse();
            scripts.add(new Script(event, false, event.length() - 5, rest));
            scripts.add(new Script(withLength("{\"eventType\":\"INVOKE\",\"deadlineMs\":2}"), false));
            awaitArrived(client, event.length() - 5);

            assertThat(client.claim()).as("begun, though not whole").isTrue();
            assertThat(client.claim()).as("nothing arrived since: the same invocation's second end").isFalse();
            assertThat(client.claimedUnread()).isEqualTo(1);
            rest.countDown();

            assertThat(client.receive().body()).as("the answer to the request the claim sent, past the claimed one")
                    .isEqualTo("{\"eventType\":\"INVOKE\",\"deadlineMs\":2}");
            assertThat(client.claimedUnread()).isZero();
            assertThat(requests).as("one request per answer").hasSize(3);
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void theEventsClaimsLeftAreReadPastWhenWholeWithoutBlocking() throws Exception {
        try (NextEventClient client = client()) {
            answerOnceAndAskAgain(client);
            int arrived = 0;
            for (int event = 1; event <= 3; event++) {
                String answer = withLength("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + event + "}");
                scripts.add(new Script(answer, false));
                arrived += answer.length();
                awaitArrived(client, arrived);
                assertThat(client.claim()).isTrue();
            }
            // The fourth: all but its last 5 bytes.
            String fourth = withLength("{\"eventType\":\"INVOKE\",\"deadlineMs\":4}");
            java.util.concurrent.CountDownLatch rest = new java.util.concurrent.CountDownLatch(1);
            scripts.add(new Script(fourth, false, fourth.length() - 5, rest));
            awaitArrived(client, arrived + fourth.length() - 5);
            assertThat(client.claim()).isTrue();
            assertThat(client.claimedUnread()).isEqualTo(4);

            assertThat(client.skipClaimed()).as("the whole ones; the fourth is not whole yet").isEqualTo(3);
            assertThat(client.arrived()).isEqualTo(fourth.length() - 5);
            assertThat(client.claim()).as("nothing arrived since the last claim").isFalse();
            rest.countDown();
            awaitArrived(client, fourth.length());
            assertThat(client.skipClaimed()).isEqualTo(1);
            assertThat(client.arrived()).isZero();

            scripts.add(new Script(withLength(EVENT), false));
            assertThat(client.receive()).isEqualTo(new NextEventClient.Answer(200, EVENT));
            assertThat(requests).as("one request per answer").hasSize(6);
            assertThat(connections).hasValue(1);
        }
    }

    @Test
    void aClaimedRequestTheApiRefusedIsTheReadersToSee() throws Exception {
        try (NextEventClient client = client()) {
            answerOnceAndAskAgain(client);
            scripts.add(new Script(withLength(EVENT), false));
            awaitArrived(client, withLength(EVENT).length());
            assertThat(client.claim()).isTrue();
            String refused = "HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n{}";
            scripts.add(new Script(refused, false));
            awaitArrived(client, withLength(EVENT).length() + refused.length());
            assertThat(client.claim()).isTrue();

            assertThat(client.skipClaimed()).as("the event; not the refusal").isEqualTo(1);
            assertThat(client.receive()).isEqualTo(new NextEventClient.Answer(403, "{}"));
        }
    }

    @Test
    void aClaimedAnswerLongerThanWhatArrivedIsNotReadPast() throws Exception {
        try (NextEventClient client = client()) {
            answerOnceAndAskAgain(client);
            // A length past any int, which taken as an int (2) would end at the bytes that arrived.
            String huge = "HTTP/1.1 200 OK\r\nContent-Length: 4294967298\r\n\r\n{}";
            scripts.add(new Script(huge, false));
            awaitArrived(client, huge.length());
            assertThat(client.claim()).isTrue();

            assertThat(client.skipClaimed()).isZero();
            assertThat(client.arrived()).as("nothing taken").isEqualTo(huge.length());
            assertThat(client.claimedUnread()).isEqualTo(1);
        }
    }

    @Test
    void claimsStopOnceTheirUnreadAnswersReachTheBound() throws Exception {
        try (NextEventClient client = client()) {
            answerOnceAndAskAgain(client);
            String answer = withLength(EVENT);
            for (int event = 1; event <= NextEventClient.MAX_CLAIMED_UNREAD; event++) {
                scripts.add(new Script(answer, false));
                awaitArrived(client, event * answer.length());
                assertThat(client.claim()).as("claim %d", event).isTrue();
            }
            scripts.add(new Script(answer, false));
            awaitArrived(client, (NextEventClient.MAX_CLAIMED_UNREAD + 1) * answer.length());

            assertThat(client.claim()).as("at the bound: left to the extension's thread").isFalse();
            assertThat(client.receive()).as("past every claimed answer").isEqualTo(new NextEventClient.Answer(200, EVENT));
            assertThat(client.arrived()).isZero();
            assertThat(requests).hasSize(NextEventClient.MAX_CLAIMED_UNREAD + 2);
        }
    }

    /** One request answered ({@code {}}), and the next one sent without reading its answer: a claim's starting point. */
    private void answerOnceAndAskAgain(NextEventClient client) throws IOException {
        scripts.add(new Script(withLength("{}"), false));
        assertThat(client.next().body()).isEqualTo("{}");
        assertThat(client.send()).isTrue();
    }

    /** Waits until the scripted server has read {@code count} requests. */
    private void awaitRequests(int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (requests.size() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Waits until the socket holds at least {@code bytes} bytes not yet read (the server wrote them). */
    private static void awaitArrived(NextEventClient client, int bytes) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.arrived() < bytes && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(client.arrived()).isGreaterThanOrEqualTo(bytes);
    }

    @Test
    void withoutAnOpenConnectionNothingIsSent() throws Exception {
        try (NextEventClient client = client()) {
            assertThat(client.send()).as("no connection yet").isFalse();
            scripts.add(new Script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", true));
            assertThat(client.next().body()).isEqualTo("{}");
            assertThat(client.send()).as("closed after its answer").isFalse();
            assertThat(requests).hasSize(1);
        }
    }

    @Test
    void anApiAddressThatIsNotHostAndPortIsRefusedAtOnce() {
        assertThatThrownBy(() -> new NextEventClient("localhost", "id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_LAMBDA_RUNTIME_API");
    }
}
