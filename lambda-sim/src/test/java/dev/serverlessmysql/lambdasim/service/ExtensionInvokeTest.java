package dev.serverlessmysql.lambdasim.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

/**
 * The Extensions API's INVOKE events on one endpoint, driven over loopback HTTP: the extension gets
 * each invocation's event, and the invoke phase ends only once the runtime and the extension both
 * wait on their {@code next} again, whichever comes last.
 */
class ExtensionInvokeTest {

    /** The deadline the listener gives a cold start's event when its invoke phase begins. */
    private static final long INVOKE_BEGINS_DEADLINE = 7_654_321L;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger phaseEnds = new AtomicInteger();
    private final CompletableFuture<String> response = new CompletableFuture<>();

    @Test
    void anInvokeSubscribedExtensionGetsTheEventAndHoldsThePhaseOpenUntilItAsksForTheNext() throws Exception {
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c1", "arn:aws:lambda:us-east-1:0:function:f", listener())) {
            String base = "http://" + endpoint.address();
            HttpRequest extensionNext = registerForInvokes(base);
            HttpRequest runtimeNext = HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build();

            // Init: both wait; the phase (init) ends once both do.
            CompletableFuture<HttpResponse<String>> extensionEvent = http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> runtimeEvent = http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
            awaitPhaseEnds(1);

            Invocation invocation = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            invocation.routedTo(null, false, 1_234_567L);
            endpoint.deliver(invocation);

            String event = extensionEvent.get(30, java.util.concurrent.TimeUnit.SECONDS).body();
            assertThat(event).contains("\"eventType\":\"INVOKE\"", "\"deadlineMs\":1234567",
                    "\"requestId\":\"" + invocation.requestId() + "\"",
                    "\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:0:function:f\"", "\"tracing\":{");
            assertThat(runtimeEvent.get(30, java.util.concurrent.TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(invocation.requestId());

            // The runtime answers and asks for the next event: the caller has the response, the phase goes on.
            http.send(HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/" + invocation.requestId()
                    + "/response")).POST(HttpRequest.BodyPublishers.ofString("{\"ok\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("{\"ok\":true}");
            http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
            awaitPendingNext(endpoint);
            assertThat(phaseEnds.get()).as("the extension has not asked for its next event").isEqualTo(1);

            // The extension's work after the response ends with its next: now the phase ends.
            http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            awaitPhaseEnds(2);
        }
    }

    /**
     * A cold start: the event is queued before the process starts, so before any registration. As
     * on Lambda, the extension gets its INVOKE and the runtime its event once the init phase ended
     * (both asked for next), and the invoke phase's deadline is the function's timeout from then:
     * the listener sets it, and both see the one it set.
     */
    @Test
    void anExtensionRegisteredDuringInitGetsTheColdStartsInvokeWhenTheInitEnds() throws Exception {
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c2", "arn:aws:lambda:us-east-1:0:function:f", listener())) {
            String base = "http://" + endpoint.address();
            Invocation first = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            first.routedTo(null, true, 1_234_567L);
            endpoint.deliver(first);

            CompletableFuture<HttpResponse<String>> extensionEvent = http.sendAsync(registerForInvokes(base),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> runtimeEvent = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build(), HttpResponse.BodyHandlers.ofString());

            String event = extensionEvent.get(30, java.util.concurrent.TimeUnit.SECONDS).body();
            assertThat(event).contains("\"eventType\":\"INVOKE\"", "\"requestId\":\"" + first.requestId() + "\"",
                    "\"deadlineMs\":" + INVOKE_BEGINS_DEADLINE);
            assertThat(runtimeEvent.get(30, java.util.concurrent.TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Deadline-Ms"))
                    .hasValue(Long.toString(INVOKE_BEGINS_DEADLINE));
            assertThat(phaseEnds.get()).as("the init phase ended").isEqualTo(1);
        }
    }

    /**
     * A phase ends once: an extension that asks for its next event again while the runtime and it
     * already wait (its client gave up on the poll and polls anew) does not end it a second time,
     * which would complete or freeze the container's next invocation early.
     */
    @Test
    void anExtensionAskingAgainDoesNotEndThePhaseTwice() throws Exception {
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c3", "arn:aws:lambda:us-east-1:0:function:f", listener())) {
            String base = "http://" + endpoint.address();
            HttpRequest extensionNext = registerForInvokes(base);
            http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitPhaseEnds(1);

            http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (endpoint.extensionRequestsWaiting() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(endpoint.extensionRequestsWaiting()).isEqualTo(2);
            assertThat(phaseEnds.get()).as("the init phase ended already").isEqualTo(1);
        }
    }

    /**
     * The listener hears of an invoke phase's end outside the endpoint's monitor. The fleet's
     * listener freezes the container (the container's monitor) while the fleet's dispatching
     * thread thaws a container and delivers to its endpoint in the other order: a benchmark run
     * hung on that. Here the listener waits for a lock the test holds while a delivery is made.
     */
    @Test
    void aDeliveryIsNotHeldUpByTheListenerHearingOfAPhaseEnd() throws Exception {
        ReentrantLock container = new ReentrantLock();
        CountDownLatch listenerEntered = new CountDownLatch(1);
        AtomicBoolean blocking = new AtomicBoolean();
        RuntimeApiEndpoint.Listener listener = listener(() -> {
            if (blocking.get()) {
                listenerEntered.countDown();
                container.lock();
                container.unlock();
            }
        });
        ExecutorService delivering = Executors.newSingleThreadExecutor();
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c4", "arn:aws:lambda:us-east-1:0:function:f", listener)) {
            String base = "http://" + endpoint.address();
            HttpRequest runtimeNext = HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build();
            CompletableFuture<HttpResponse<String>> runtimeEvent = http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
            awaitPhaseEnds(1);
            Invocation first = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            first.routedTo(null, false, 1_234_567L);
            endpoint.deliver(first);
            runtimeEvent.get(30, TimeUnit.SECONDS);
            http.send(HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/" + first.requestId()
                    + "/response")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            blocking.set(true);
            container.lock();
            Future<?> delivered;
            try {
                // The runtime asks for its next event: the phase ends, and the listener waits for the lock.
                runtimeEvent = http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
                assertThat(listenerEntered.await(30, TimeUnit.SECONDS)).isTrue();
                Invocation second = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
                second.routedTo(null, false, 2_345_678L);
                delivered = delivering.submit(() -> endpoint.deliver(second));
                // Bounded generously: under the endpoint's monitor it would never end while the lock is held.
                assertThatCode(() -> delivered.get(30, TimeUnit.SECONDS)).as("the delivery while the listener waits")
                        .doesNotThrowAnyException();
            } finally {
                container.unlock();
            }
            awaitPhaseEnds(2);
            assertThat(runtimeEvent.get(30, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Deadline-Ms"))
                    .hasValue("2345678");
        } finally {
            delivering.shutdownNow();
        }
    }

    /**
     * An extension gets an invocation's event only once the runtime's is written: on Lambda the
     * runtime's event never waits for an extension's (see {@code deliver}). Here the second event
     * is delivered before the runtime asks for it: the waiting extension does not get it either
     * until the runtime has.
     */
    @Test
    void anExtensionGetsTheInvokeEventOnlyOnceTheRuntimeHasItsOwn() throws Exception {
        try (RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint("c5", "arn:aws:lambda:us-east-1:0:function:f", listener())) {
            String base = "http://" + endpoint.address();
            HttpRequest extensionNext = registerForInvokes(base);
            HttpRequest runtimeNext = HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build();
            CompletableFuture<HttpResponse<String>> extensionEvent = http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> runtimeEvent = http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
            awaitPhaseEnds(1);
            Invocation first = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            first.routedTo(null, false, 1_234_567L);
            endpoint.deliver(first);
            assertThat(extensionEvent.get(30, TimeUnit.SECONDS).body()).contains(first.requestId());
            runtimeEvent.get(30, TimeUnit.SECONDS);

            // The extension asks for its next event; the runtime has not yet.
            extensionEvent = http.sendAsync(extensionNext, HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (endpoint.extensionRequestsWaiting() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(endpoint.extensionRequestsWaiting()).isEqualTo(1);
            Invocation second = new Invocation("{}".getBytes(StandardCharsets.UTF_8));
            second.routedTo(null, false, 2_345_678L);
            endpoint.deliver(second);
            Thread.sleep(500);
            assertThat(extensionEvent).as("the extension's event, before the runtime asked for its own").isNotDone();

            runtimeEvent = http.sendAsync(runtimeNext, HttpResponse.BodyHandlers.ofString());
            assertThat(runtimeEvent.get(30, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id"))
                    .hasValue(second.requestId());
            assertThat(extensionEvent.get(30, TimeUnit.SECONDS).body()).contains(second.requestId());
            assertThat(phaseEnds.get()).as("the second invoke phase goes on").isEqualTo(1);
        }
    }

    /** Registers an extension for INVOKE events; returns its {@code event/next} request. */
    private HttpRequest registerForInvokes(String base) throws Exception {
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base + "/2020-01-01/extension/register"))
                .header("Lambda-Extension-Name", "housekeeping")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String identifier = registered.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        return HttpRequest.newBuilder(URI.create(base + "/2020-01-01/extension/event/next"))
                .header("Lambda-Extension-Identifier", identifier).GET().build();
    }

    private RuntimeApiEndpoint.Listener listener() {
        return listener(() -> { });
    }

    /** Counts phase ends, after {@code atPhaseEnd} ran; completes {@link #response}. */
    private RuntimeApiEndpoint.Listener listener(Runnable atPhaseEnd) {
        return new RuntimeApiEndpoint.Listener() {
            @Override
            public void waitingForNext() {
                atPhaseEnd.run();
                phaseEnds.incrementAndGet();
            }

            @Override
            public void invokeBegins(Invocation invocation) {
                invocation.invokeBegins(INVOKE_BEGINS_DEADLINE);
            }

            @Override
            public void responded(String requestId, String body) {
                response.complete(body);
            }

            @Override
            public void invocationFailed(String requestId, String errorType, String errorMessage) {
            }

            @Override
            public void initFailed(String errorType, String errorMessage) {
            }
        };
    }

    private void awaitPhaseEnds(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (phaseEnds.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(phaseEnds.get()).isEqualTo(count);
    }

    /** Waits (generously) until the runtime's second {@code /next} is held open. */
    private static void awaitPendingNext(RuntimeApiEndpoint endpoint) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!endpoint.runtimeWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(endpoint.runtimeWaiting()).isTrue();
    }
}
