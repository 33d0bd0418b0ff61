package dev.serverlessmysql;

import java.util.concurrent.Executor;

/**
 * Runs the task on the calling thread: the executor the driver gets with
 * {@code setNetworkTimeout} and {@code abort}. A named class rather than {@code Runnable::run} at
 * each call site: each such method reference is a lambda that the JVM links, spinning a class,
 * the first time that site runs: measured in a C1-only JVM (a Lambda function's), housekeeping's
 * two sites took about 0.85 ms of CPU together at their first run, paid at an invocation's end
 * (the connect's site at the first invocation's connect).
 */
final class DirectExecutor implements Executor {

    static final DirectExecutor INSTANCE = new DirectExecutor();

    private DirectExecutor() {
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }
}
