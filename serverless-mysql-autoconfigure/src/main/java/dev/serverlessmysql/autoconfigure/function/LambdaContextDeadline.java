package dev.serverlessmysql.autoconfigure.function;

import java.time.Instant;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The invocation's deadline from the Lambda {@link Context} that Spring Cloud Function's AWS
 * adapter puts in each message's headers. A class of its own, loaded only when
 * aws-lambda-java-core is on the class path (it always is with the AWS adapter): the wrapper must
 * work without it, for other adapters.
 */
final class LambdaContextDeadline {

    /** The header that holds the Context: {@code AWSLambdaUtils.AWS_CONTEXT} in the AWS adapter. */
    static final String AWS_CONTEXT_HEADER = "aws-context";

    private LambdaContextDeadline() {
    }

    /** Now plus the time the invocation has left, or null when {@code header} is no Lambda Context. */
    static Instant of(Object header) {
        return (header instanceof Context context) ? Instant.now().plusMillis(context.getRemainingTimeInMillis()) : null;
    }
}
