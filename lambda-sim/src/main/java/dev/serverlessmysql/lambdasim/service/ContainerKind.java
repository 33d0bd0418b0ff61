package dev.serverlessmysql.lambdasim.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one kind of container: the command line of a custom runtime and the environment
 * it needs besides what the fleet sets (the Runtime API address, {@code _HANDLER}, the function
 * name, ...).
 *
 * @param name short name used in reports, for example {@code starter}
 * @param description one line for the report: what runs inside
 * @param command the process to start
 * @param environment extra environment variables (datasource settings)
 * @param handler the value of {@code _HANDLER}
 * @param workingDirectory where the process starts
 */
public record ContainerKind(String name, String description, List<String> command, Map<String, String> environment,
        String handler, Path workingDirectory) {

    public ContainerKind {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
