package dev.serverlessmysql.lambdasim.workload;

/**
 * The profiles of an environment's life beyond freeze and thaw, run by {@link ScaleDownRun} and
 * {@link MultiConcurrencyRun}.
 *
 * <ul>
 * <li>{@code scale-down}: a fleet of {@code width} containers warms up ({@code waves} waves of
 * {@code width} concurrent invocations, the first cold, 1 s apart), then every container is retired
 * as Lambda scales the function down, {@code shutdownShare} of them with a Shutdown phase;
 * counted: the connections each kind leaves open on the server (zombies) per retired container.</li>
 * <li>{@code multi-concurrency}: Lambda Managed Instances: {@code width} execution environments
 * serving {@code concurrencyPerEnvironment} requests each at once, {@code invocations} requests in
 * all from {@code width × concurrencyPerEnvironment} clients that each send the next request when
 * the last one answered.</li>
 * </ul>
 *
 * @param name {@code scale-down} or {@code multi-concurrency}
 * @param width containers ({@code scale-down}) or environments ({@code multi-concurrency})
 * @param waves {@code scale-down}: invocation waves before the retirement (the first cold)
 * @param shutdownShare {@code scale-down}: the share of retired containers that go through a Shutdown phase
 * @param concurrencyPerEnvironment {@code multi-concurrency}: {@code AWS_LAMBDA_MAX_CONCURRENCY}
 * @param invocations {@code multi-concurrency}: requests in all
 */
public record LifecycleProfile(String name, int width, int waves, double shutdownShare, int concurrencyPerEnvironment,
        int invocations) {

    public static final String SCALE_DOWN = "scale-down";
    public static final String MULTI_CONCURRENCY = "multi-concurrency";

    public static LifecycleProfile scaleDown(int containers, int waves, double shutdownShare) {
        return new LifecycleProfile(SCALE_DOWN, containers, waves, shutdownShare, 1, containers * waves);
    }

    public static LifecycleProfile multiConcurrency(int environments, int concurrencyPerEnvironment, int invocations) {
        return new LifecycleProfile(MULTI_CONCURRENCY, environments, 1, 0, concurrencyPerEnvironment, invocations);
    }

    /** {@code scale-down-6}, {@code multi-concurrency-4x8}. */
    public String label() {
        return name.equals(SCALE_DOWN) ? name + "-" + width : name + "-" + width + "x" + concurrencyPerEnvironment;
    }

    /** One line for the report. */
    public String describe() {
        if (name.equals(SCALE_DOWN)) {
            return width + " containers, " + waves + " waves of " + width + " (the first cold), then every container retired, "
                    + Math.round(shutdownShare * 100) + " % with a Shutdown phase";
        }
        return width + " environments × " + concurrencyPerEnvironment + " concurrent requests (AWS_LAMBDA_MAX_CONCURRENCY="
                + concurrencyPerEnvironment + "), " + invocations + " measured requests from " + width * concurrencyPerEnvironment
                + " closed-loop clients, after a warm-up of " + MultiConcurrencyRun.WARMUP_PER_CLIENT + " requests per client";
    }
}
