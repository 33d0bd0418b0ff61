package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who sends the extension's {@code /next} request at an invocation's end: the thread that ends an
 * invocation with nothing to keep sends it itself, before {@code handOff} returns, so that a
 * starved environment's phase does not outlast the function's answer by the extension thread's
 * wake-up; housekeeping to run, another invocation open, or a failed send leave it to the
 * extension's thread, as before. Pure logic: the request is a stub that records its thread.
 */
class InvokePhaseEndTest {

    private final List<ServerlessMySqlDataSource> participants = new CopyOnWriteArrayList<>();
    private final List<Thread> senders = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sendWorks = new AtomicBoolean(true);
    private final List<Thread> claimers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean claimWorks = new AtomicBoolean(true);
    private final List<Thread> readersPast = new CopyOnWriteArrayList<>();
    private final InvokePhase phase = new InvokePhase(participants, () -> {
        senders.add(Thread.currentThread());
        return sendWorks.get();
    }, () -> {
        claimers.add(Thread.currentThread());
        return claimWorks.get();
    }, () -> readersPast.add(Thread.currentThread()));
    private final AtomicBoolean phaseEnded = new AtomicBoolean();
    private Thread extension;

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerlessMySqlDataSource participant : participants) {
            participant.close();
        }
        if (extension != null) {
            extension.interrupt();
            extension.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void anInvocationEndingWithNothingToKeepSendsTheExtensionsRequestItselfAndTheExtensionOnlyReadsTheAnswer()
            throws Exception {
        enterPhase();

        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isTrue();

        assertThat(senders).as("sent on the thread ending the invocation, before handOff returned")
                .containsExactly(Thread.currentThread());
        awaitPhaseEnd();
        assertThat(phase.takeNextSent()).as("the extension's thread only reads the answer").isTrue();
        assertThat(phase.takeNextSent()).as("once").isFalse();
    }

    @Test
    void housekeepingToRunIsLeftToTheExtensionsThreadWhichSendsTheRequestAfterIt() throws Exception {
        enterPhase();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Consumer<Duration> housekeeping = left -> ranOn.set(Thread.currentThread());

        assertThat(phase.handOff(housekeeping)).isTrue();

        awaitPhaseEnd();
        assertThat(ranOn.get()).isSameAs(extension);
        assertThat(senders).isEmpty();
        assertThat(phase.takeNextSent()).isFalse();
    }

    @Test
    void anotherInvocationStillOpenLeavesTheRequestToTheExtensionsThread() throws Exception {
        ServerlessMySqlDataSource other = participantWithAnInvocationBegun();
        enterPhase();

        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isTrue();
        other.endInvocation();

        awaitPhaseEnd();
        assertThat(senders).isEmpty();
        assertThat(phase.takeNextSent()).isFalse();
    }

    @Test
    void whileAnInvocationIsBegunTheWaitingExtensionLooksSeldomAndStillTakesTheHandOff() throws Exception {
        ServerlessMySqlDataSource function = participantWithAnInvocationBegun();
        enterPhase();
        long before = phase.waits();

        Thread.sleep(1000);

        // Timed waits only end early when notified: a busier machine makes fewer rounds, not more.
        // Every 20 ms, as while no invocation is begun, this was about 50.
        assertThat(phase.waits() - before).as("rounds of the wait in a second").isLessThanOrEqualTo(6);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        function.endInvocation();
        assertThat(phase.handOff(left -> ranOn.set(Thread.currentThread()))).isTrue();
        awaitPhaseEnd();
        assertThat(ranOn.get()).isSameAs(extension);
    }

    @Test
    void aFailedSendLeavesTheRequestToTheExtensionsThread() throws Exception {
        sendWorks.set(false);
        enterPhase();

        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isTrue();

        awaitPhaseEnd();
        assertThat(senders).as("tried once").hasSize(1);
        assertThat(phase.takeNextSent()).isFalse();
    }

    @Test
    void beforeTheInvokeEventReachedTheExtensionNothingIsSent() {
        // No INVOKE seen yet: the caller runs housekeeping inline, and nothing may be written on a
        // socket whose previous request (the one the event answers) is still outstanding.
        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isFalse();
        assertThat(senders).isEmpty();
    }

    @Test
    void afterAPhaseItsEndingThreadEndedTheNextInvocationsTakeTheirEventsThemselvesWhileTheExtensionWaits()
            throws Exception {
        endAPhaseHere();
        AtomicBoolean returned = new AtomicBoolean();
        Thread waiting = awaitClaimOn(returned);

        for (int invocation = 0; invocation < 3; invocation++) {
            assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isTrue();
        }

        assertThat(claimers).as("each event taken on the thread that ended its invocation")
                .containsExactly(Thread.currentThread(), Thread.currentThread(), Thread.currentThread());
        assertThat(readersPast).as("never on the invocation's path").doesNotContain(Thread.currentThread());
        assertThat(phase.claims()).isEqualTo(3);
        assertThat(senders).as("only the first phase's request, by endPhaseHere").hasSize(1);
        // Housekeeping to run: the extension's thread reads the event itself and serves it.
        assertThat(phase.handOff(left -> { })).isTrue();
        waiting.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(returned).isTrue();
    }

    @Test
    void withNoEventTakenForTwoQuietRoundsTheExtensionsThreadReadsItItself() throws Exception {
        endAPhaseHere();
        long start = System.nanoTime();

        phase.awaitClaim();

        // The first round ends as the environment thaws, its clock having run through the freeze.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(InvokePhase.QUIET.multipliedBy(2));
        assertThat(claimers).isEmpty();
        assertThat(readersPast).as("the events claims left are read past at the waiting thread's every wake-up")
                .hasSizeGreaterThanOrEqualTo(2).containsOnly(Thread.currentThread());
    }

    @Test
    void anEventThatCannotBeTakenIsLeftToTheExtensionsThread() throws Exception {
        endAPhaseHere();
        claimWorks.set(false);
        AtomicBoolean returned = new AtomicBoolean();
        Thread waiting = awaitClaimOn(returned);

        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).as("queued for the extension's thread").isTrue();

        assertThat(claimers).hasSize(1);
        waiting.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(returned).isTrue();
        assertThat(phase.claims()).isZero();
    }

    /** An invoke phase that the thread ending its invocation ended (it sent the request), as pollNext then sees it. */
    private void endAPhaseHere() throws InterruptedException {
        enterPhase();
        assertThat(phase.handOff(InvokePhase.NOTHING_TO_KEEP)).isTrue();
        awaitPhaseEnd();
        assertThat(phase.takeNextSent()).isTrue();
    }

    /** The extension's thread waiting in awaitClaim, as pollNext after such a phase; sets {@code returned} when it returns. */
    private Thread awaitClaimOn(AtomicBoolean returned) throws InterruptedException {
        Thread waiting = new Thread(() -> {
            try {
                phase.awaitClaim();
                returned.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "extension-awaiting-claim");
        waiting.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!phase.awaitingClaim() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertThat(phase.awaitingClaim()).isTrue();
        return waiting;
    }

    /** A participating DataSource (no server behind it) with an invocation begun on this thread, a minute from its deadline. */
    private ServerlessMySqlDataSource participantWithAnInvocationBegun() {
        ServerlessMySqlDataSource participant = new ServerlessMySqlDataSource(ServerlessMySqlConfig.builder()
                .jdbcUrl("jdbc:mysql://127.0.0.1:3306/app").username("app").password("secret")
                .lambdaShutdownEnabled(false).buildConfig());
        participants.add(participant);
        participant.beginInvocation(Instant.now().plusSeconds(60));
        return participant;
    }

    /** Starts the extension's thread in an invoke phase (deadline a minute away) and waits until it is in it. */
    private void enterPhase() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        extension = new Thread(() -> {
            phase.invoked(deadline);
            phaseEnded.set(true);
        }, "extension");
        extension.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (phase.deadlineMs() != deadline && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertThat(phase.deadlineMs()).as("in the invoke phase").isEqualTo(deadline);
    }

    private void awaitPhaseEnd() throws InterruptedException {
        extension.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(phaseEnded).as("the extension's phase ended").isTrue();
    }
}
