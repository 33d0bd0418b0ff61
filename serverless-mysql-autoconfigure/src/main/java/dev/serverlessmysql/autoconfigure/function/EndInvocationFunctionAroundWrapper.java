package dev.serverlessmysql.autoconfigure.function;

import java.util.Collection;
import java.util.List;

import dev.serverlessmysql.ServerlessMySqlDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;

/**
 * Ends every function invocation on each of its DataSources: {@code endInvocation()} runs in a
 * {@code finally} block after the function returned or threw, once per DataSource (an
 * application with two databases or two users has two).
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
        try {
            return (delegate != null) ? delegate.apply(input, targetFunction) : targetFunction.apply(input);
        }
        finally {
            endInvocations();
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
