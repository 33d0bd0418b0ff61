package dev.serverlessmysql;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A fresh JVM for what only a fresh JVM shows: which threads a configuration starts, and what the
 * AWS SDK costs at a cold start. Started by {@link AwsWrapperIT} and {@link AwsColdStartIT}; prints
 * its findings as lines on standard output.
 *
 * <ul>
 * <li>{@code threads <url> <user> <password>}: one invocation (connect, lease, query, invocation-end
 * housekeeping), then {@code NEW <thread name>} for every thread started since the JVM's main began.</li>
 * <li>{@code cold <static|iam|secrets> <url> <user> <password> [<stub endpoint>]}: {@code MARK start},
 * the provider built and asked once (static: the DataSource built and connected), {@code MARK end},
 * and the time it took.</li>
 * </ul>
 */
public final class AwsChild {

    private AwsChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("threads")) {
            threads(args[1], args[2], args[3]);
        } else {
            cold(args[1], args[2], args[3], args[4], args.length > 5 ? args[5] : null);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void threads(String url, String user, String password) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url).username(user)
                .password(password).build()) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            dataSource.endInvocation();
            System.out.println("HOUSEKEEPING " + dataSource.stats().housekeepingStatements());
            System.out.println("FAILURES " + dataSource.stats().housekeepingFailures());
            Set<String> started = new TreeSet<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(thread) && thread.isAlive()) {
                    // Thread numbers differ from run to run: "... bep-1" is "... bep".
                    started.add(thread.getName().replaceAll("-\\d+$", "") + (thread.isDaemon() ? " (daemon)" : ""));
                }
            }
            started.forEach(name -> System.out.println("NEW " + name));
        }
    }

    private static void cold(String kind, String url, String user, String password, String endpoint) throws Exception {
        System.out.println("MARK start");
        long started = System.nanoTime();
        switch (kind) {
            case "static" -> {
                try (ServerlessMySqlDataSource dataSource = ServerlessMySqlDataSource.builder().jdbcUrl(url)
                        .username(user).password(password).build(); Connection connection = dataSource.getConnection()) {
                    connection.isValid(1);
                }
            }
            case "iam" -> Providers.iam(url, user).credentials();
            case "secrets" -> Providers.secrets(endpoint).credentials();
            default -> throw new IllegalArgumentException(kind);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("MARK end");
        System.out.println("MILLIS " + millis);
    }

    /**
     * The SDK types, kept out of {@link AwsChild} itself: the verifier may load the classes a method
     * names when its class is linked, which would count against the static-password run.
     */
    private static final class Providers {
        static CredentialsProvider iam(String url, String user) {
            return IamAuthTokenCredentials.builder().jdbcUrl(url).username(user).region("eu-west-1")
                    .awsCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))).build();
        }

        static CredentialsProvider secrets(String endpoint) {
            return SecretsManagerCredentials.builder().secretId("db").region("eu-west-1")
                    .endpoint(URI.create(endpoint)).awsCredentials(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
                    .build();
        }
    }
}
