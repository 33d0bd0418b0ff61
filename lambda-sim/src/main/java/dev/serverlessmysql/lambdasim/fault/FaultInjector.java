package dev.serverlessmysql.lambdasim.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * Fires the planned faults at points of progress: each one as soon as the client has had the
 * planned number of orders acknowledged, on a thread of its own so that the traffic goes on
 * while a restart takes its time. A fault whose point is never reached is reported as not
 * injected.
 */
final class FaultInjector {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    private final List<FaultScenario.Fault> plan;
    private final MySqlTestServer server;
    private final TestDatabase database;
    private final int maxConnections;
    private final AtomicInteger attemptsInFlight = new AtomicInteger();
    private final List<InjectedFault> injected = new ArrayList<>();
    private final Thread thread;
    private volatile int started;
    // Guarded by this.
    private int acknowledged;
    private boolean finished;

    /**
     * What the injector did for one planned fault.
     *
     * @param number 1 for the first planned fault
     * @param kind what
     * @param plannedAfter the planned point: orders acknowledged
     * @param injected false when the run ended before the point was reached, or the fault itself failed
     * @param acknowledgedAtInjection orders acknowledged when it fired
     * @param attemptsInFlight invocations the client was waiting for when it fired
     * @param userConnections the function user's connections on the server when it fired
     *        (for a kill: the connections killed)
     * @param tookMillis how long the fault took (a restart: stop and start)
     * @param detail anything that went wrong injecting it
     */
    record InjectedFault(int number, FaultScenario.FaultKind kind, int plannedAfter, boolean injected,
            int acknowledgedAtInjection, int attemptsInFlight, int userConnections, long tookMillis, String detail) {
    }

    FaultInjector(List<FaultScenario.Fault> plan, MySqlTestServer server, TestDatabase database, int maxConnections) {
        this.plan = List.copyOf(plan);
        this.server = server;
        this.database = database;
        this.maxConnections = maxConnections;
        this.thread = new Thread(this::run, "fault-injector");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The client had one more order acknowledged. */
    synchronized void acknowledged() {
        acknowledged++;
        notifyAll();
    }

    void attemptStarted() {
        attemptsInFlight.incrementAndGet();
    }

    void attemptEnded() {
        attemptsInFlight.decrementAndGet();
    }

    /** Faults that have started so far. */
    int started() {
        return started;
    }

    /** Ends the run: waits for a fault in progress, and reports every planned fault. */
    List<InjectedFault> finish() throws InterruptedException {
        synchronized (this) {
            finished = true;
            notifyAll();
        }
        thread.join();
        return List.copyOf(injected);
    }

    private void run() {
        for (int i = 0; i < plan.size(); i++) {
            FaultScenario.Fault fault = plan.get(i);
            int atInjection;
            synchronized (this) {
                while (acknowledged < fault.afterAcknowledged() && !finished) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (acknowledged < fault.afterAcknowledged()) {
                    injected.add(new InjectedFault(i + 1, fault.kind(), fault.afterAcknowledged(), false, acknowledged,
                            0, 0, 0, "not reached: the run ended first"));
                    continue;
                }
                atInjection = acknowledged;
            }
            injected.add(inject(i + 1, fault, atInjection));
        }
    }

    private InjectedFault inject(int number, FaultScenario.Fault fault, int atInjection) {
        started++;
        int inFlight = attemptsInFlight.get();
        long start = System.nanoTime();
        int connections = 0;
        String detail = null;
        boolean done = false;
        try {
            connections = database.threads().size();
            switch (fault.kind()) {
                case KILL_CONNECTIONS -> database.killAllThreads();
                case RESTART_SERVER -> {
                    server.restart();
                    // A restart forgets SET GLOBAL: the limit is back at the server's start-up value.
                    server.setGlobal("max_connections", maxConnections);
                }
            }
            done = true;
        } catch (RuntimeException e) {
            detail = e.getMessage();
            log.warn("Fault {} ({}) failed: {}", number, fault.kind().label(), e.toString());
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        log.info("Fault {}: {} after {} acknowledged, {} attempts in flight, {} user connections, {} ms", number,
                fault.kind().label(), atInjection, inFlight, connections, took);
        return new InjectedFault(number, fault.kind(), fault.afterAcknowledged(), done, atInjection, inFlight,
                connections, took, detail);
    }
}
