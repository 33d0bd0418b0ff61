package dev.serverlessmysql.lambdasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.lambdasim.service.ContainerKind;

class FleetRunTest {

    private static ContainerKind kind(String name, String dataSource) {
        return new ContainerKind(name, name, List.of("java"), dataSource == null ? Map.of()
                : Map.of("LAMBDA_SIM_DATASOURCE", dataSource), "handler", Path.of("."));
    }

    @Test
    void theKindsOfThisDataSourceWarmUpAfterTheOthersSoTheirFirstUsageSamplesCountTheWholeFleet() {
        List<ContainerKind> kinds = List.of(kind("light", "serverless"), kind("light-noext", "serverless-noext"),
                kind("light-hikari", "hikari-lambda"), kind("light-hikari-ext", "hikari-lambda"), kind("node", null),
                kind("node-cache", null));

        assertThat(FleetRun.warmUpOrder(kinds)).containsExactly(2, 3, 4, 5, 0, 1);
    }

    @Test
    void aRunWithoutThisDataSourceKeepsItsOrder() {
        assertThat(FleetRun.warmUpOrder(List.of(kind("light-hikari", "hikari-lambda"), kind("node", null))))
                .containsExactly(0, 1);
    }
}
