package dev.serverlessmysql;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@link AwsChild} in a fresh JVM and returns its output lines. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param withoutJar class-path entries containing this text are left out (null: none)
     * @param jvmOptions extra JVM options, before the main class
     */
    static List<String> run(String withoutJar, List<String> jvmOptions, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> withoutJar == null || !entry.contains(withoutJar))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath));
        command.addAll(jvmOptions);
        command.add(AwsChild.class.getName());
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = child.getInputStream().readAllBytes();
            if (!child.waitFor(120, TimeUnit.SECONDS) || child.exitValue() != 0) {
                throw new IllegalStateException("The child JVM failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8).lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }
}
