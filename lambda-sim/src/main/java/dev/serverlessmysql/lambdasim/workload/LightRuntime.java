package dev.serverlessmysql.lambdasim.workload;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.serverlessmysql.lambdasim.service.ContainerKind;
import dev.serverlessmysql.lambdasim.service.Fleet;
import dev.serverlessmysql.lambdasim.service.InvocationResult;
import dev.serverlessmysql.test.MySqlTestServer;
import dev.serverlessmysql.test.TestDatabase;

/**
 * How the light kinds start, the way a tuned Lambda Java function does: a small heap, serial GC,
 * tiered compilation stopped at level 1, and an AppCDS archive of the classes a real invocation
 * loads, which the benchmark builds once per run and data source ({@link #train}: one container
 * run with {@code -XX:ArchiveClassesAtExit}, then every container with {@code -XX:SharedArchiveFile}).
 * Each data source gets its own archive, trained on a container of its own ({@code light} for
 * the serverless kinds, {@code light-hikari} for the HikariCP ones), as a function's owner would
 * build one: an archive trained on one kind alone left the other's classes to be read from jars
 * at its cold start, which allocated more there, so that its first young collections fell into
 * the cold start while the archived kind's fell into its first warm invocations (about 11 ms of
 * the VM thread's CPU each, in the measured window of one kind only).
 *
 * <p>AppCDS needs a class path of jars only, the same at dump and use: {@link #prepare} writes
 * the module's own classes (a folder in a Maven build) into a jar and lists only the jars the
 * function needs (core, Connector/J, HikariCP, SLF4J, org.crac, AWS's runtime interface client).
 *
 * <p>The client's JNI library: left to itself, every client unpacks it to the one path
 * {@code /tmp/.libaws-lambda-jni.so} (one process per sandbox on Lambda), and containers starting
 * together on one host read each other's half-written copy ("file too short"). {@link #prepare}
 * unpacks it once into the run's folder and points the client at it with the system property
 * {@value #JNI_PROPERTY}.
 */
public final class LightRuntime {

    private static final Logger log = LoggerFactory.getLogger(LightRuntime.class);

    /** JVM flags of the light containers, besides the archive's. */
    public static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xss512k", "-Xms16m", "-Xmx64m", "-XX:-UsePerfData");

    /** The runtime interface client's entry point, given the handler as its argument. */
    public static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private static final List<String> NEEDED_JARS = List.of("serverless-mysql-core", "mysql-connector-j", "HikariCP",
            "slf4j-api", "slf4j-simple", "crac", "aws-lambda-java-core", "aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-serialization", "utils-lite");

    /** Between the training run's orders: longer than the serverless kinds' thaw threshold and HikariCP's alive-bypass window. */
    static final Duration TRAINING_PAUSE = Duration.ofMillis(1500);

    /** The client's property naming its JNI library ({@code JniHelper}: loaded as is, not unpacked). */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final String classPath;
    /** Where the archives and the JVMs' error files go. */
    private final Path folder;
    private final Path jni;
    /** The archives trained, by the kind trained ({@link #trainee}). */
    private final Map<String, Path> archives = new ConcurrentHashMap<>();

    private LightRuntime(String classPath, Path folder, Path jni) {
        this.classPath = classPath;
        this.folder = folder;
        this.jni = jni;
    }

    /**
     * The kind whose training run builds the archive {@code kind} starts from: {@code light} for
     * the kinds on the serverless data source, {@code light-hikari} for those on HikariCP.
     */
    public static String trainee(String kind) {
        return kind.startsWith("light-hikari") ? "light-hikari" : "light";
    }

    /** The light kinds' class path, from this JVM's; folders among it are written into jars under {@code folder}. */
    public static LightRuntime prepare(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (Files.isDirectory(path)) {
                // target/classes of this module (or of the core, in a build that has not packaged it)
                Path module = path.toAbsolutePath().getParent().getParent();
                String moduleName = module.getFileName().toString();
                if (moduleName.equals("lambda-sim") || moduleName.equals("serverless-mysql-core")) {
                    Path jar = folder.resolve(moduleName + ".jar");
                    jar(path, jar);
                    entries.add(jar.toString());
                }
            } else if (NEEDED_JARS.stream().anyMatch(name::startsWith)) {
                entries.add(path.toString());
            }
        }
        return new LightRuntime(String.join(File.pathSeparator, entries), folder, unpackJni(folder));
    }

    /** The client's JNI library for this machine (glibc), unpacked into {@code folder}; {@code null} if it has none. */
    private static Path unpackJni(Path folder) throws IOException {
        String arch = System.getProperty("os.arch");
        String library = "jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
        try (var in = LightRuntime.class.getClassLoader().getResourceAsStream(library)) {
            if (in == null) {
                log.warn("{} is not on the class path: the runtime interface client unpacks its own", library);
                return null;
            }
            Path target = folder.resolve("libaws-lambda-jni.so");
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    public String classPath() {
        return classPath;
    }

    /** Whether containers of {@code kind} start from an AppCDS archive. */
    public boolean archived(String kind) {
        return archives.containsKey(trainee(kind));
    }

    /** The command of a light container: the JVM flags, its archive once trained, the client and the handler. */
    List<String> command(String java, String kind, List<String> extraFlags) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        command.addAll(extraFlags);
        Path archive = archives.get(trainee(kind));
        if (archive != null && extraFlags.isEmpty()) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.add("-Xshare:auto");
        if (jni != null) {
            command.add("-D" + JNI_PROPERTY + "=" + jni);
        }
        // A JVM that crashes writes hs_err_pid<pid>.log into its working directory (the module's) otherwise.
        command.add("-XX:ErrorFile=" + folder.resolve("hs_err_pid%p.log"));
        command.addAll(List.of("-cp", classPath, RUNTIME_CLIENT, LightHandler.class.getName() + "::handleRequest"));
        return command;
    }

    /**
     * Builds the archives of the light kinds among {@code kindNames}, one per data source
     * ({@link #trainee}). Without an archive (its training failed) that data source's containers
     * start without one, and the report says so.
     */
    public void train(MySqlTestServer server, Kinds kinds, Path logs, Collection<String> kindNames) throws Exception {
        Set<String> trainees = new LinkedHashSet<>();
        for (String kind : kindNames) {
            if (kind.startsWith("light")) {
                trainees.add(trainee(kind));
            }
        }
        for (String trainee : trainees) {
            train(server, kinds, logs, trainee);
        }
    }

    /**
     * Builds one archive: one {@code trainee} container places a few orders on its own database
     * and exits normally, which writes {@code -XX:ArchiveClassesAtExit}.
     *
     * @return whether the archive exists
     */
    private boolean train(MySqlTestServer server, Kinds kinds, Path logs, String trainee) throws Exception {
        Path archive = folder.resolve(trainee + ".jsa");
        archives.remove(trainee);
        Files.deleteIfExists(archive);
        int orders = 3;
        try (TestDatabase database = Schema.ordersDatabase(server, "simcds")) {
            ContainerKind kind = kinds.light(trainee, database, List.of("-XX:ArchiveClassesAtExit=" + archive),
                    Map.of("LAMBDA_SIM_EXIT_AFTER", String.valueOf(orders)));
            try (Fleet fleet = new Fleet(kind, new Fleet.Settings(1, Duration.ofSeconds(30), Duration.ofSeconds(60),
                    logs.resolve("appcds").resolve(trainee)))) {
                for (int i = 0; i < orders; i++) {
                    if (i > 0) {
                        // Apart as a function's invocations come (past the thaw threshold, 1 s, and
                        // HikariCP's 500 ms alive-bypass window): each kind's validation of an idle
                        // connection is trained too, not left to its first warm invocations.
                        Thread.sleep(TRAINING_PAUSE.toMillis());
                    }
                    InvocationResult result = fleet.invoke(LoadProfile.placeOrderEvent()).join();
                    if (!result.succeeded()) {
                        log.warn("AppCDS training of {}: order {} failed ({}: {}); its kinds start without an archive",
                                trainee, i + 1, result.error(), result.detail());
                        return false;
                    }
                }
                fleet.invoke(LoadProfile.placeOrderEvent()).join(); // makes it exit, writing the archive
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!fleet.livePids().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        }
        boolean archived = Files.isRegularFile(archive) && Files.size(archive) > 0;
        if (archived) {
            archives.put(trainee, archive);
            log.info("AppCDS archive of {}'s kinds: {} ({} KiB)", trainee, archive, Files.size(archive) / 1024);
        } else {
            log.warn("No AppCDS archive was written ({}); {}'s kinds start without one; see {}", archive, trainee,
                    logs.resolve("appcds").resolve(trainee));
        }
        return archived;
    }
}
