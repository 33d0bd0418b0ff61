package dev.serverlessmysql.autoconfigure.function;

import dev.serverlessmysql.ServerlessMySqlDataSource;

import org.springframework.cloud.function.context.catalog.FunctionAroundWrapper;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;

/**
 * Ends every function invocation on the DataSource: {@code endInvocation()} runs in a
 * {@code finally} block after the function returned or threw.
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

    private final ServerlessMySqlDataSource dataSource;
    private final FunctionAroundWrapper delegate;

    /**
     * @param dataSource the DataSource whose invocation ends after each call
     * @param delegate a wrapper to run inside this one, or {@code null}
     */
    public EndInvocationFunctionAroundWrapper(ServerlessMySqlDataSource dataSource, FunctionAroundWrapper delegate) {
        this.dataSource = dataSource;
        this.delegate = delegate;
    }

    /** The wrapper this one runs inside, or {@code null}. */
    public FunctionAroundWrapper getDelegate() {
        return delegate;
    }

    @Override
    protected Object doApply(Object input, FunctionInvocationWrapper targetFunction) {
        try {
            return (delegate != null) ? delegate.apply(input, targetFunction) : targetFunction.apply(input);
        }
        finally {
            dataSource.endInvocation();
        }
    }
}
