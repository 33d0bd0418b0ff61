package dev.serverlessmysql.lambdasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InvocationCostTest {

    private static Spread of(double... values) {
        return Spread.of(java.util.Arrays.stream(values).boxed().toList());
    }

    private static final Spread NONE = of();

    private static InvocationCost.Figures figures(String profile, int fleet, String kind, double clientP50, double clientP99,
            double billedP50, double containerCpu, double serverCpu) {
        return new InvocationCost.Figures(profile, fleet, kind, of(clientP50, clientP50 + 1, clientP50 - 1), of(clientP99),
                of(billedP50), of(billedP50 * 2), of(containerCpu), of(serverCpu), of(60));
    }

    @Test
    void eachTargetIsARatioOfMediansAgainstHikariCpOfTheSameProfile() {
        List<Targets.Check> checks = InvocationCost.targets(List.of(
                figures("spaced-100", 100, "light", 10.0, 30.0, 13.0, 2.1, 0.80),
                figures("spaced-100", 100, "light-hikari", 10.0, 29.0, 11.0, 2.0, 0.77),
                figures("spaced-100", 100, "node", 8.0, 20.0, 8.0, 1.0, 0.90)));

        assertThat(checks).extracting(Targets.Check::target).containsExactly(
                "client-visible p50 at most 1.0 x HikariCP's (spaced-100)",
                "client-visible p99 at most 1.0 x HikariCP's (spaced-100)",
                "container CPU per invocation at most 1.05 x HikariCP's (spaced-100)",
                "server CPU per invocation at most 1.05 x HikariCP's (spaced-100)",
                "billed duration p50 at most 1.2 x HikariCP's (spaced-100)");
        // 10/10 = 1.00 met; 30/29 missed; 2.1/2.0 = 1.05 met (at the limit); 0.80/0.77 = 1.039 met; 13/11 = 1.18 met
        assertThat(checks).extracting(Targets.Check::met).containsExactly(true, false, true, true, true);
        assertThat(checks.get(1).measured()).contains("ratio 1.03");
    }

    @Test
    void serverCpuGrowthFromTheSmallestToTheLargestFleetAndUnmeasuredFigures() {
        List<Targets.Check> checks = InvocationCost.targets(List.of(
                figures("spaced-10", 10, "light", 10.0, 30.0, 12.0, 2.0, 0.70),
                figures("spaced-10", 10, "light-hikari", 10.0, 30.0, 12.0, 2.0, 0.70),
                new InvocationCost.Figures("spaced-100", 100, "light", of(9), of(25), NONE, NONE, of(2), of(0.90), NONE),
                figures("spaced-100", 100, "light-hikari", 10.0, 30.0, 12.0, 2.0, 0.80)));

        Targets.Check growth = checks.get(checks.size() - 1);
        assertThat(growth.target()).isEqualTo("light: server CPU per invocation at spaced-100 at most 1.2 x spaced-10's");
        assertThat(growth.met()).isFalse(); // 0.90 / 0.70 = 1.29
        Targets.Check billed = checks.stream()
                .filter(check -> check.target().equals("billed duration p50 at most 1.2 x HikariCP's (spaced-100)"))
                .findFirst().orElseThrow();
        assertThat(billed.met()).as("not measured: neither met nor missed").isNull();
    }

    @Test
    void noTargetWithoutTheBaselineInTheSameProfile() {
        assertThat(InvocationCost.targets(List.of(figures("spaced-8", 8, "light", 10, 30, 12, 2, 0.7)))).isEmpty();
    }
}
