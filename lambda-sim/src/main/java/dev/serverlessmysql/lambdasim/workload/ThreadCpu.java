package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A diagnostic for the light kinds, off unless {@code LAMBDA_SIM_THREAD_CPU=1} reaches the
 * container: at each invocation's start, prints to stderr one line with the CPU time each of the
 * JVM's threads used since the previous invocation's start (a cycle: the invocation, what ran
 * after its response, the freeze), by thread name, in microseconds, read from Linux's
 * {@code /proc/self/task/<tid>/schedstat} (nanoseconds, unlike {@code stat}'s 10 ms ticks):
 * {@code THREADCPU n=<cycle> <name>=<us>;...}, with the previous invocation's handler wall time
 * ({@code wall_handler}: all of it; {@code wall_body}: up to its {@code endInvocation()};
 * {@code wall_end}: that call), in microseconds, and its marks on {@code System.nanoTime()} in
 * microseconds ({@code t_enter}: the handler entered, before this reading; {@code t_start}: after it;
 * {@code t_endcalled}, {@code t_end}), which {@code lambda-sim/legs.py} sets beside the emulator's.
 * Threads of one name are summed; a thread that ended within the cycle is not counted. The reading
 * costs the handler's thread CPU itself (the same in every kind), so compare kinds, not absolute
 * figures. Also {@code alloc_kb}: the heap the JVM's live threads allocated in the cycle, in KiB,
 * outside this reading's own (what decides how often the small heap of a Lambda-like JVM is
 * collected; a young collection cost about 10 ms of CPU in these containers).
 */
final class ThreadCpu {

    static final boolean ENABLED = "1".equals(System.getenv("LAMBDA_SIM_THREAD_CPU"));

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Each live thread's CPU time at the previous reading: tid to nanoseconds. */
    private static final Map<String, Long> previous = new HashMap<>();
    private static int cycle;
    /** The previous invocation's handler: its start, when it called endInvocation(), its end (System.nanoTime()). */
    private static long handlerStart;
    private static long endCalled;
    private static long handlerEnd;
    /** When the previous invocation's handler entered this class, before its reading (System.nanoTime()). */
    private static long entered;
    /** The live threads' allocated bytes at the end of the previous reading; -1 before the first. */
    private static long allocatedAtLastReading = -1;

    private ThreadCpu() {
    }

    /** The handler's wall-clock marks, printed with the next cycle (diagnostic only). */
    static void handlerStarted() {
        if (ENABLED) {
            handlerStart = System.nanoTime();
        }
    }

    static void endCalled() {
        if (ENABLED) {
            endCalled = System.nanoTime();
        }
    }

    static void handlerEnded() {
        if (ENABLED) {
            handlerEnd = System.nanoTime();
        }
    }

    /** Prints the cycle that ends now; called at an invocation's start, on its thread. */
    static synchronized void cycleEnds() {
        if (!ENABLED) {
            return;
        }
        long enteredNow = System.nanoTime();
        long allocated = allocatedBytes();
        long allocatedInCycle = allocatedAtLastReading < 0 || allocated < 0 ? -1 : allocated - allocatedAtLastReading;
        Map<String, Long> byName = new TreeMap<>();
        Map<String, Long> now = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                long cpu;
                String name;
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    cpu = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    name = Files.readString(task.resolve("comm")).trim().replace(' ', '_');
                } catch (IOException | RuntimeException ended) {
                    continue;
                }
                now.put(tid, cpu);
                long used = cpu - previous.getOrDefault(tid, 0L);
                byName.merge(name, used, Long::sum);
            }
        } catch (IOException e) {
            return;
        }
        previous.clear();
        previous.putAll(now);
        StringBuilder line = new StringBuilder("THREADCPU n=").append(++cycle);
        if (handlerEnd > handlerStart && handlerStart > 0) {
            line.append(" wall_handler=").append((handlerEnd - handlerStart) / 1000)
                    .append(" wall_body=").append((endCalled - handlerStart) / 1000)
                    .append(" wall_end=").append((handlerEnd - endCalled) / 1000)
                    .append(" t_enter=").append(entered / 1000)
                    .append(" t_start=").append(handlerStart / 1000)
                    .append(" t_endcalled=").append(endCalled / 1000)
                    .append(" t_end=").append(handlerEnd / 1000);
        }
        if (allocatedInCycle >= 0) {
            line.append(" alloc_kb=").append(allocatedInCycle / 1024);
        }
        byName.forEach((name, nanos) -> line.append(' ').append(name).append('=').append(nanos / 1000));
        System.err.println(line);
        entered = enteredNow;
        allocatedAtLastReading = allocatedBytes();
    }

    /** The heap every live thread of the JVM has allocated so far, in bytes; -1 when the JVM cannot tell. */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
