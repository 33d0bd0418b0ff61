package dev.serverlessmysql;

/**
 * Whether the optional AWS SDK modules a credentials mode needs are on the class path, checked
 * before any class that uses them is touched (linking one without the SDK fails with a
 * {@link NoClassDefFoundError} that names a class, not the fix).
 */
public final class AwsSdk {

    private AwsSdk() {
    }

    /**
     * Checks that {@code mode} ({@code iam} or {@code secrets-manager}) can work.
     *
     * @throws InvalidConfigurationException naming {@code credentialsProvider} (the kind of credentials) and the
     *         dependency to add, when it cannot
     */
    public static void require(String mode) {
        require(mode, AwsSdk.class.getClassLoader());
    }

    /** The same, looking in {@code loader} (an application context's class loader). */
    public static void require(String mode, ClassLoader loader) {
        switch (mode) {
            case "iam" -> require(mode, loader, "software.amazon.awssdk.services.rds.RdsUtilities",
                    "software.amazon.awssdk:rds");
            case "secrets-manager" -> require(mode, loader,
                    "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient",
                    "software.amazon.awssdk:secretsmanager and an HTTP client such as"
                            + " software.amazon.awssdk:url-connection-client");
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static void require(String mode, ClassLoader loader, String className, String artifacts) {
        if (!present(className, loader)) {
            throw new InvalidConfigurationException("credentialsProvider", mode, "'" + mode + "' with "
                    + artifacts + " on the class path (the AWS SDK is an optional dependency; add it, version from"
                    + " the AWS SDK BOM), or 'password'");
        }
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader != null ? loader : AwsSdk.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
