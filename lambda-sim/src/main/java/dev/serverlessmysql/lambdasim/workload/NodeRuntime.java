package dev.serverlessmysql.lambdasim.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the Node container kind: copies the committed {@code package.json} and
 * {@code runtime.js} into a build folder and installs {@code serverless-mysql} there from the npm
 * registry with {@code npm install}. Nothing installed is ever committed.
 */
public final class NodeRuntime {

    /** The npm module version compared, as pinned in {@code src/main/node/package.json}. */
    public static final String MODULE_VERSION = "serverless-mysql 2.1.0";

    private NodeRuntime() {
    }

    /**
     * Installs the runtime into {@code build} (again only when {@code package.json} changed).
     *
     * @return {@code build}
     */
    public static Path install(Path source, Path build) throws IOException, InterruptedException {
        Files.createDirectories(build);
        Path packageJson = build.resolve("package.json");
        boolean changed = !Files.exists(packageJson) || Files.mismatch(packageJson, source.resolve("package.json")) != -1;
        Files.copy(source.resolve("package.json"), packageJson, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source.resolve("runtime.js"), build.resolve("runtime.js"), StandardCopyOption.REPLACE_EXISTING);
        if (changed || !Files.isDirectory(build.resolve("node_modules/serverless-mysql"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--omit=dev")
                    .directory(build.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(build.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm install did not finish in 5 minutes; see " + build.resolve("npm-install.log"));
            }
            if (npm.exitValue() != 0) {
                throw new IOException("npm install failed with " + npm.exitValue() + ": "
                        + Files.readString(build.resolve("npm-install.log")));
            }
        }
        return build;
    }

    static String nodeExecutable() {
        return "node";
    }
}
