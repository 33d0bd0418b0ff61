package dev.serverlessmysql.autoconfigure.function;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.messaging.Message;
import org.springframework.util.ClassUtils;

/**
 * Begins and ends every function invocation on each of its DataSources: before the function runs,
 * {@code beginInvocation(deadline)} with the deadline of the Lambda {@code Context} the AWS adapter
 * passes in the message's {@code aws-context} header (now plus its remaining time), so that no
 * wait for a connection outlasts the function's timeout; {@code endInvocation()} in a
 * {@code finally} block after the function returned or threw. Once per DataSource (an application
 * with two databases or two users has two). Without a Lambda Context (another adapter, a test),
 * the DataSources know no deadline and wait up to {@code lease-timeout}, as before.
 *
 * <p>Spring Cloud Function accepts a single {@link FunctionAroundWrapper} per context, so this
 * one can wrap another (the observation wrapper that traces functions, or an application's own):
 * it calls the other first and ends the invocation after it. An application that defines its own
 * wrapper can compose it the same way: {@code new EndInvocationFunctionAroundWrapper(dataSource, mine)}.
 *
 * <p>Spring Cloud Function calls wrappers only for {@code Message} inputs that are not reactive
 * streams (the AWS adapter's case); it skips all wrappers when
 * {@code spring.cloud.function.observability.enabled=false} is set as a system property.
 */
public class EndInvocationFunctionAroundWrapper extends FunctionAroundWrapper {

    private static final Logger log = LoggerFactory.getLogger(EndInvocationFunctionAroundWrapper.class);

    /** aws-lambda-java-core is optional: the AWS adapter brings it, other adapters do not. */
    private static final boolean LAMBDA_CONTEXT_PRESENT = ClassUtils.isPresent(
            "com.amazonaws.services.lambda.runtime.Context", EndInvocationFunctionAroundWrapper.class.getClassLoader());

    private final List<ServerlessMySqlDataSource> dataSources;
    private final FunctionAroundWrapper delegate;

    /**
     * @param dataSource the DataSource whose invocation ends after each call
     * @param delegate a wrapper to run inside this one, or {@code null}
     */
    public EndInvocationFunctionAroundWrapper(ServerlessMySqlDataSource dataSource, FunctionAroundWrapper delegate) {
        this(List.of(dataSource), delegate);
    }

    /**
     * @param dataSources the DataSources whose invocation ends after each call, in this order
     * @param delegate a wrapper to run inside this one, or {@code null}
     */
    public EndInvocationFunctionAroundWrapper(Collection<ServerlessMySqlDataSource> dataSources,
            FunctionAroundWrapper delegate) {
        this.dataSources = List.copyOf(dataSources);
        this.delegate = delegate;
    }

    /** The wrapper this one runs inside, or {@code null}. */
    public FunctionAroundWrapper getDelegate() {
        return delegate;
    }

    /** The DataSources whose invocation ends after each call. */
    public List<ServerlessMySqlDataSource> getDataSources() {
        return dataSources;
    }

    @Override
    protected Object doApply(Object input, FunctionInvocationWrapper targetFunction) {
        beginInvocations(deadlineOf(input));
        try {
            return (delegate != null) ? delegate.apply(input, targetFunction) : targetFunction.apply(input);
        }
        finally {
            endInvocations();
        }
    }

    /** The invocation's deadline from the Lambda Context in the message's headers, or null. */
    private static Instant deadlineOf(Object input) {
        if (!LAMBDA_CONTEXT_PRESENT || !(input instanceof Message<?> message)) {
            return null;
        }
        return LambdaContextDeadline.of(message.getHeaders().get(LambdaContextDeadline.AWS_CONTEXT_HEADER));
    }

    private void beginInvocations(Instant deadline) {
        if (deadline == null) {
            return;
        }
        for (ServerlessMySqlDataSource dataSource : dataSources) {
            dataSource.beginInvocation(deadline);
        }
    }

    private void endInvocations() {
        for (ServerlessMySqlDataSource dataSource : dataSources) {
            try {
                dataSource.endInvocation();
            }
            catch (RuntimeException e) {
                // endInvocation() never throws by contract; should it, the others still end.
                log.warn("endInvocation() failed on {}", dataSource, e);
            }
        }
    }
}
