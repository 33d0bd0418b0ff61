package software.amazon.awssdk.services.rds;

import java.time.Clock;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The SDK's own token maker with a clock the test controls: {@code DefaultRdsUtilities} takes one
 * only through a package-private constructor, hence this test class in the SDK's package. Tokens
 * are SigV4 presigned URLs: fixed credentials and a fixed clock give the same token every time.
 */
public final class FixedClockRdsUtilities {

    private FixedClockRdsUtilities() {
    }

    public static RdsUtilities create(Region region, AwsCredentialsProvider credentials, Clock clock) {
        DefaultRdsUtilities.DefaultBuilder builder = new DefaultRdsUtilities.DefaultBuilder();
        builder.region(region).credentialsProvider(credentials);
        return new DefaultRdsUtilities(builder, clock);
    }
}
