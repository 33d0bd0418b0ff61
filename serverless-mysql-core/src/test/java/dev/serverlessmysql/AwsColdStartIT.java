package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.test.MySqlTest;
import dev.serverlessmysql.test.TestDatabase;

/**
 * What the AWS credential providers cost at a cold start, each in a fresh JVM with Lambda's JIT
 * setting ({@code -XX:TieredStopAtLevel=1}) and the class loads logged: a DataSource with a static
 * password loads no AWS SDK class at all; an IAM token and a Secrets Manager read (from a local
 * stub) load the SDK classes they need, counted and timed for the docs. Only the first is asserted;
 * the numbers are printed ({@code -DcoldStart.runs=5} repeats each run for a median).
 */
@MySqlTest
class AwsColdStartIT {

    private static final String SDK = "software.amazon.awssdk.";

    @Test
    void aStaticPasswordLoadsNoAwsClassAndTheProvidersCostIsMeasured(TestDatabase db) throws Exception {
        int runs = Integer.getInteger("coldStart.runs", 1);
        try (SecretsManagerStub stub = new SecretsManagerStub()) {
            stub.set(db.username(), db.password());
            for (String kind : List.of("static", "iam", "secrets")) {
                List<Long> millis = new ArrayList<>();
                Measurement last = null;
                for (int i = 0; i < runs; i++) {
                    last = measure(kind, db, stub);
                    millis.add(last.millis);
                }
                millis.sort(null);
                System.out.printf("COLD START %-8s %4d ms (median of %d), %5d classes loaded, %5d of them AWS SDK,"
                        + " %5d AWS SDK classes in the whole run%n", kind, millis.get(millis.size() / 2), runs,
                        last.classes, last.sdkClasses, last.sdkClassesInRun);
                if (kind.equals("static")) {
                    assertThat(last.sdkClassesInRun).as("AWS SDK classes loaded with a static password").isZero();
                } else {
                    assertThat(last.sdkClasses).isPositive();
                }
            }
        }
    }

    private record Measurement(long millis, int classes, int sdkClasses, int sdkClassesInRun) {
    }

    private static Measurement measure(String kind, TestDatabase db, SecretsManagerStub stub) throws Exception {
        String url = kind.equals("iam") ? IamAuthTokenIT.tlsUrl(db, "jdbc:mysql:") : db.jdbcUrl();
        // The wrapper's jar stays out: DriverManager would load its Driver (and threads) into every run.
        List<String> output = ChildJvm.run("aws-advanced-jdbc-wrapper",
                List.of("-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:stdout"), "cold", kind, url, db.username(),
                db.password(), stub.endpoint().toString());
        boolean measuring = false;
        int classes = 0;
        int sdkClasses = 0;
        int sdkClassesInRun = 0;
        long millis = -1;
        for (String line : output) {
            boolean load = line.contains("[class,load]");
            if (load && line.contains("] " + SDK)) {
                sdkClassesInRun++;
            }
            if (line.equals("MARK start")) {
                measuring = true;
            } else if (line.equals("MARK end")) {
                measuring = false;
            } else if (line.startsWith("MILLIS ")) {
                millis = Long.parseLong(line.substring(7));
            } else if (measuring && load) {
                classes++;
                if (line.contains("] " + SDK)) {
                    sdkClasses++;
                }
            }
        }
        return new Measurement(millis, classes, sdkClasses, sdkClassesInRun);
    }
}
