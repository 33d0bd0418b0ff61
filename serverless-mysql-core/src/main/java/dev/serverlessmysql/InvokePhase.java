package dev.serverlessmysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda extension's invoke phases, where it receives INVOKE events: housekeeping after the
 * response. Lambda ends an invocation's invoke phase, and freezes the environment, only once the
 * runtime <em>and</em> every INVOKE-subscribed extension have called {@code /next}, while the
 * caller has the response as soon as the runtime posted it. So {@link #handOff} lets
 * {@code endInvocation()} leave its housekeeping to the extension's thread, which runs it after
 * the handler returned, bounded by the invocation's {@code deadlineMs}, and only then calls
 * {@code /next}: housekeeping is billed, not seen.
 *
 * <p>The extension never waits long for a hand-off that is not coming: it holds the invoke phase
 * only while armed (at first, and after an {@code endInvocation()} it could not take), gives up
 * once no invocation has run for {@link #QUIET} (none begun and not ended, no lease of any
 * DataSource out), and always before the invocation's deadline; giving up disarms it until the
 * next {@code endInvocation()}. An {@code endInvocation()} the extension cannot take (it is
 * between events) runs inline. Housekeeping handed off starts once the invoking thread has sent
 * the response ({@link HandOff}). An invocation that ends with nothing to keep ends the phase
 * itself: its thread sends the extension's {@code /next} request ({@link #endPhaseHere}).
 *
 * <p>Guards: this object's monitor guards the phase (in an invocation, armed, INVOKE seen,
 * housekeeping running, {@code /next} sent by another thread), the invocation's deadline, the
 * function's timeout as the events bound it, when an invocation last ended inline, and the
 * hand-offs queued; while the extension's thread is in a phase, the monitor also guards the
 * event client's socket, which {@link #sendNext} writes. {@link #handOff} runs on the thread that
 * ends an invocation and notifies the extension's thread, which alone runs {@link #invoked},
 * {@link #takeNextSent} and {@link #ended}, and runs the housekeeping handed off outside the
 * monitor.
 */
final class InvokePhase {

    /** The extension's logger: operators configure one name. */
    private static final Logger log = LoggerFactory.getLogger(LambdaShutdown.class);

    /**
     * An armed extension gives up waiting for {@code endInvocation()} once no invocation has run
     * (begun and not ended, or a lease out) for this long: a function that returned without calling it costs at most this much billed time, once.
     */
    static final Duration QUIET = Duration.ofMillis(250);
    /**
     * The extension calls {@code /next} at the latest this long before the invocation's deadline:
     * the default deadline reserve of the time the invocation has when its INVOKE event arrives,
     * about the function's timeout (10 %, at least 100 ms, at most 1 s:
     * {@link InvocationDeadline#defaultReserve}), as the handler keeps to answer. A phase that
     * overruns the timeout ends the environment as a timed-out invocation does (no Shutdown phase,
     * its connection a zombie), though the caller had the response; and a starved environment (a
     * small function's share of a core) needs that long to finish a statement and call {@code /next}.
     */
    static Duration deadlineMargin(long invocationMs) {
        return InvocationDeadline.defaultReserve(Duration.ofMillis(invocationMs));
    }
    /**
     * What {@code endInvocation()} hands off when its DataSource holds no connection (its connect
     * failed, or housekeeping gave the connection up): there is nothing to keep, so the extension
     * calls {@code /next} at once, without waiting for the response to be sent. In a starved
     * environment that wait and the thread's wake-ups kept failed invocations' phases open past
     * the deadline after the function had answered.
     */
    static final Consumer<Duration> NOTHING_TO_KEEP = left -> { };
    /**
     * How often a waiting extension looks whether a lease is out, while no invocation is begun
     * ({@code beginInvocation}); while one is, every {@link #QUIET}: {@code endInvocation()}
     * notifies it when it hands housekeeping off, and an invocation that ends with nothing to keep
     * sends the request itself, so a look only serves the give-up. In lambda-sim's 10x timeout
     * profile the 20 ms looks of 90 waiting environments' extensions were 4,500 wake-ups a second
     * on 2 cores, beside the invocations that held the server's connections.
     */
    private static final long POLL_MILLIS = 20;
    /** A hand-off this long before its invocation began (as the deadlines bound it) belongs to an earlier one. */
    static final Duration STALE_HAND_OFF = Duration.ofSeconds(1);

    /** The DataSources whose leases count as activity of an invocation (the registration's list). */
    private final List<ServerlessMySqlDataSource> participants;
    /**
     * Sends the extension's {@code /next} request on the thread that ends an invocation with
     * nothing to keep, while the extension's thread waits here; false when it could not (that
     * thread sends it).
     */
    private final BooleanSupplier sendNext;
    /** Sends the request after the event that has begun to arrive, on the thread that ends an invocation ({@link #claimHere}). */
    private final BooleanSupplier claimNext;
    /** Reads past the events claims took, now and then, on the extension's thread while it waits ({@link #awaitClaim}). */
    private final Runnable readPastClaimed;
    // Guarded by this: the extension's phase and what endInvocation() handed it.
    /** Between an INVOKE event and the next call of /next. */
    private boolean inInvoke;
    /**
     * Whether, at the next INVOKE, to hold the invoke phase for an endInvocation(): at first, and
     * again after each endInvocation() it could not take. A function that never calls it pays
     * {@link #QUIET} once.
     */
    private boolean armed = true;
    /** The current invocation's deadline, epoch milliseconds; 0 when none. */
    private long deadlineMs;
    /** When an endInvocation() last ran inline for want of an invoke phase to join (epoch ms). */
    private long endedInlineAtMs;
    /** Whether an INVOKE event arrived: only then is a hand-off before the next one's arrival worth queueing. */
    private boolean invokeSeen;
    /** The function's timeout as the INVOKE events bound it from below: the longest deadline less arrival seen. */
    private long timeoutMs;
    /** Housekeeping handed off and not yet taken by the extension's thread, in the order handed. */
    private final List<HandOff> handedOff = new ArrayList<>();

    /** How many times the extension's thread waited in invoke phases: what a test counts. */
    private long waits;

    /** Whether the extension's thread runs housekeeping handed off (outside the monitor), within an invoke phase. */
    private boolean running;
    /** Whether {@link #handOff} sent the extension's {@code /next} request: the extension's thread only reads its answer. */
    private boolean nextSent;
    /** Whether the extension's thread waits in {@link #awaitClaim}, not reading its socket. */
    private boolean awaitingClaim;
    /** Events the threads that end invocations took ({@link #claimHere}). */
    private long claims;

    /**
     * @param claimNext sends the extension's {@code /next} request when the answer to the outstanding
     *        one, the INVOKE event of the invocation that ends, has begun to arrive, leaving that
     *        answer unread (the thread that ends an invocation, while the extension's thread waits
     *        in {@link #awaitClaim}); false, sending nothing, when it cannot
     * @param readPastClaimed reads past the answers claims left unread, when enough have piled up
     *        (the extension's thread, as it wakes in {@link #awaitClaim})
     */
    InvokePhase(List<ServerlessMySqlDataSource> participants, BooleanSupplier sendNext, BooleanSupplier claimNext,
            Runnable readPastClaimed) {
        this.participants = participants;
        this.sendNext = sendNext;
        this.claimNext = claimNext;
        this.readPastClaimed = readPastClaimed;
    }

    /**
     * Hands housekeeping to the extension's thread, which runs it (with the time it may take)
     * after the response and before it calls {@code /next}: at once when it is inside the
     * invocation's invoke phase; when it is armed but its INVOKE event has not reached it yet
     * (a handler faster than the event's delivery to this thread), as soon as it does. False
     * when it cannot take it (no INVOKE event seen yet, or not armed): the caller runs it inline,
     * and the extension holds the next invoke phase for it.
     */
    boolean handOff(Consumer<Duration> housekeeping) {
        synchronized (this) {
            // Before the first INVOKE event nothing shows that Lambda delivers them: inline.
            if (!inInvoke && (!armed || !invokeSeen)) {
                armed = true;
                endedInlineAtMs = System.currentTimeMillis();
                return false;
            }
            if (housekeeping == NOTHING_TO_KEEP && (endPhaseHere() || claimHere())) {
                return true;
            }
            handedOff.add(HandOff.here(housekeeping));
            notifyAll();
            return true;
        }
    }

    /**
     * Ends the invoke phase from the thread that ends an invocation with nothing to keep: sends the
     * extension's {@code /next} request itself, when the extension's thread is in the phase,
     * waiting (no housekeeping queued or running), and no other invocation or lease of any
     * participant is open. Lambda then freezes the environment as soon as the runtime asks for
     * its next event, whether or not the extension's thread got the CPU meanwhile: in a starved
     * environment (a small function's share of a core, a full server's failures) that thread's
     * wake-up and request came after the deadline though the function had answered, and the
     * environment ended as on a timeout. The extension's thread is not woken: it finds the
     * request sent when it next looks, at the latest at the next event. Called under this monitor.
     */
    private boolean endPhaseHere() {
        if (!inInvoke || running || !handedOff.isEmpty() || nextSent || anyInvocationRunning()) {
            return false;
        }
        if (!sendNext.getAsBoolean()) {
            return false;
        }
        nextSent = true;
        inInvoke = false;
        return true;
    }

    /**
     * Ends the invoke phase whose event the extension's thread has not read, from the thread that
     * ends an invocation with nothing to keep: sends the next request once the event has begun to
     * arrive (Lambda sent it as the invocation began), and leaves the event in the socket for the
     * extension's thread to read past later. Only
     * while a request sent by such a thread is outstanding and the extension's thread has not
     * gone back to reading ({@link #awaitClaim}, or not yet noticed the request, {@link #nextSent}),
     * no housekeeping is queued or running and no other invocation or lease is open. The extension's
     * thread then does nothing in the invocation: in lambda-sim its wake-up at each INVOKE event
     * (the read, the bookkeeping) ran beside the handler and made the handler's work 0.6 ms longer
     * at the median, for 0.24 ms of its own CPU. Called under this monitor.
     */
    private boolean claimHere() {
        // The extension's thread reads its socket only after it took nextSent and left awaitClaim:
        // until then a request is outstanding and the answer is this thread's to take.
        if (!(awaitingClaim || nextSent) || running || !handedOff.isEmpty() || anyInvocationRunning()) {
            return false;
        }
        if (!claimNext.getAsBoolean()) {
            return false;
        }
        claims++;
        return true;
    }

    /**
     * The extension's thread, after a phase whose {@code /next} request the thread that ended its
     * invocation sent: waits, without reading the next event, for the thread that ends the next
     * invocation to take it ({@link #claimHere}), and again after each such invocation. Returns
     * when the extension's thread should read the event itself: housekeeping was handed off (the
     * event then says the deadline it runs within), or two rounds of {@link #QUIET} in a row passed
     * without an event taken: the first round usually ends as the environment thaws (the freeze
     * ran its clock), the second is an invocation that runs long or a function that does not end
     * its invocations; the event is then served as before ({@link #invoked}).
     */
    void awaitClaim() throws InterruptedException {
        synchronized (this) {
            awaitingClaim = true;
            try {
                long seen = claims;
                int quietRounds = 0;
                // A round that runs out through a freeze wakes this thread once as the environment
                // thaws, and it waits again: nothing is sent then. (The thaw's ping is the lease's,
                // on the invocation's own thread: sent from here, beside the runtime taking the
                // event to the handler, it made the invocation slower, not faster.)
                while (handedOff.isEmpty() && quietRounds < 2) {
                    long start = System.nanoTime();
                    wait(QUIET.toMillis());
                    // Awake anyway (a round ran out, or a thaw): the events claims left unread.
                    readPastClaimed.run();
                    if (claims != seen) {
                        seen = claims;
                        quietRounds = 0;
                    } else if (System.nanoTime() - start >= QUIET.toNanos()) {
                        quietRounds++;
                    }
                }
            } finally {
                awaitingClaim = false;
            }
        }
    }

    /** Whether the extension's thread waits in {@link #awaitClaim}: what a test waits for. */
    synchronized boolean awaitingClaim() {
        return awaitingClaim;
    }

    /** How many events the threads that end invocations took ({@link #claimHere}): what a test counts. */
    synchronized long claims() {
        return claims;
    }

    /**
     * Whether the extension's {@code /next} request of the invoke phase that just ended was sent
     * by the thread that ended the invocation: the extension's thread then only reads its answer.
     * Clears it. Called by the extension's thread after {@link #invoked}.
     */
    synchronized boolean takeNextSent() {
        boolean sent = nextSent;
        nextSent = false;
        return sent;
    }

    /**
     * At an INVOKE event: what was handed off before it reached this thread belongs to this
     * invocation when it came after the invocation began, {@code deadlineMs} less the function's
     * timeout, which the deadlines seen so far bound from below (before the first event, all of
     * it does); {@link #STALE_HAND_OFF} of slack absorbs the bound's error. What came well
     * before was handed off after this thread ended the previous invocation (a DataSource ended
     * on another thread after the response): that run is skipped (the next invocation end runs
     * housekeeping again) rather than run at this invocation's start, beside its handler, and
     * shift every later invocation's housekeeping to the next one's start.
     * Returns whether this invocation already ended inline (a handler faster than the event's
     * delivery to this thread): then there is nothing to wait for. Called under this monitor.
     */
    private boolean startInvocation(long deadline) {
        if (deadline <= 0) {
            return false;
        }
        long began = timeoutMs > 0 ? deadline - timeoutMs : Long.MIN_VALUE;
        timeoutMs = Math.max(timeoutMs, deadline - System.currentTimeMillis());
        int before = handedOff.size();
        handedOff.removeIf(handOff -> handOff.atMs() < began - STALE_HAND_OFF.toMillis());
        if (handedOff.size() < before) {
            log.debug("Lambda extension: housekeeping handed off after the previous invocation ended is skipped");
        }
        boolean endedInline = endedInlineAtMs > 0 && endedInlineAtMs >= began;
        endedInlineAtMs = 0;
        return endedInline;
    }

    /** The current invocation's deadline from its INVOKE event (epoch ms), or 0 when none is known. */
    synchronized long deadlineMs() {
        return inInvoke ? deadlineMs : 0;
    }

    /**
     * One invoke phase: when armed, waits for housekeeping handed off, runs it, and returns (the
     * caller then calls /next); gives up (and disarms) when no invocation has run (begun and not
     * ended, or a lease out) for {@link #QUIET}, or the deadline nears.
     */
    void invoked(long deadline) {
        long giveUpAtMs;
        long marginMs;
        synchronized (this) {
            inInvoke = true;
            invokeSeen = true;
            deadlineMs = deadline;
            if (startInvocation(deadline) && handedOff.isEmpty()) {
                inInvoke = false;
                return;
            }
            // The time this invocation has, as its INVOKE event arrives, not the longest timeout
            // seen: a function's timeout does not change within an environment on Lambda, but an
            // emulator (lambda-sim) or a test may change it, and the handler's reserve is taken from
            // the time left too.
            // No deadline: no give-up, and no margin to keep ahead of it.
            marginMs = deadline > 0 ? deadlineMargin(deadline - System.currentTimeMillis()).toMillis() : 0;
            giveUpAtMs = deadline > 0 ? deadline - marginMs : Long.MAX_VALUE;
        }
        try {
            long quietSince = System.nanoTime();
            // Whether the last look saw an invocation running: the quiet spell starts at the first
            // look that sees none, not at the last that saw one (up to QUIET earlier while an
            // invocation is begun), so an end handed off just after that look is not given up on.
            boolean runningAtLastLook = false;
            while (true) {
                List<HandOff> work;
                synchronized (this) {
                    if (nextSent) {
                        return;
                    }
                    if (handedOff.isEmpty()) {
                        long now = System.currentTimeMillis();
                        boolean quiet = System.nanoTime() - quietSince >= QUIET.toNanos();
                        if (!armed || now >= giveUpAtMs || quiet) {
                            if (armed) {
                                log.debug("Lambda extension: no endInvocation() in this invocation ({}); the next"
                                        + " one runs its housekeeping inline", quiet ? "no invocation begun and no lease"
                                        + " out for " + QUIET.toMillis() + " ms" : "its deadline is near");
                            }
                            armed = false;
                            inInvoke = false;
                            return;
                        }
                        long look = anyInvocationBegun() ? QUIET.toMillis() : POLL_MILLIS;
                        waits++;
                        wait(Math.max(1, Math.min(look, giveUpAtMs - now)));
                        boolean runningNow = handedOff.isEmpty() && !nextSent && anyInvocationRunning();
                        if (runningNow || runningAtLastLook) {
                            quietSince = System.nanoTime();
                        }
                        runningAtLastLook = runningNow;
                        // Back to the checks above: the request sent, housekeeping handed off, or the wait goes on.
                        continue;
                    }
                    work = new ArrayList<>(handedOff);
                    handedOff.clear();
                    running = true;
                }
                for (HandOff handOff : work) {
                    if (handOff.housekeeping() == NOTHING_TO_KEEP) {
                        continue;
                    }
                    handOff.awaitResponseSent(giveUpAtMs);
                    long left = giveUpAtMs == Long.MAX_VALUE ? Long.MAX_VALUE : giveUpAtMs - System.currentTimeMillis();
                    // Housekeeping starts only with the margin still ahead of the give-up: statements
                    // begun later, in a starved environment, end after the deadline (the phase, and
                    // the environment, then end as on a timeout); the next invocation's end runs it.
                    if (left < marginMs) {
                        log.debug("Lambda extension: housekeeping skipped, {} ms before the invocation's deadline; the"
                                + " next invocation's end runs it", Math.max(0, left) + marginMs);
                    } else {
                        try {
                            handOff.housekeeping().accept(Duration.ofMillis(left));
                        } catch (RuntimeException e) {
                            // Never let it end this thread: Lambda would wait for its /next until the timeout.
                            log.warn("Housekeeping after the response failed; the function is not affected: {}",
                                    e.toString(), e);
                        }
                    }
                }
                synchronized (this) {
                    running = false;
                    // A DataSource that ended meanwhile is served too; the phase ends when none is waiting.
                    if (handedOff.isEmpty()) {
                        inInvoke = false;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                inInvoke = false;
                running = false;
            }
        }
    }

    /** Whether any participant has an invocation begun and not ended, or a lease out. */
    private boolean anyInvocationRunning() {
        return anyParticipant(ServerlessMySqlDataSource::invocationRunning);
    }

    /** Whether any participant has an invocation begun ({@code beginInvocation}) and not ended. */
    private boolean anyInvocationBegun() {
        return anyParticipant(ServerlessMySqlDataSource::invocationBegun);
    }

    private boolean anyParticipant(Predicate<ServerlessMySqlDataSource> which) {
        for (ServerlessMySqlDataSource participant : participants) {
            if (which.test(participant)) {
                return true;
            }
        }
        return false;
    }

    /** How many times the extension's thread has waited in invoke phases so far. */
    synchronized long waits() {
        return waits;
    }

    /** The wait for events ended (the extension's thread): no invoke phase is open any more. */
    synchronized void ended() {
        inInvoke = false;
    }
}
