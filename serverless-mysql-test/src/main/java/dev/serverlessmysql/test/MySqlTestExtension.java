package dev.serverlessmysql.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link MySqlTest}: one {@link TestDatabase} per test class,
 * created before the first test and dropped after the last.
 */
public final class MySqlTestExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MySqlTestExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), TestDatabase.class);
        if (database != null) {
            database.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == MySqlTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == MySqlTestServer.class) {
            return MySqlTestServer.get();
        }
        if (type == TestDatabase.class) {
            return database(context);
        }
        throw new ParameterResolutionException("Cannot resolve " + type);
    }

    private static TestDatabase database(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = classContext(context, testClass);
        return classContext.getStore(NAMESPACE).computeIfAbsent(testClass,
                key -> MySqlTestServer.get().createDatabase(testClass.getSimpleName()), TestDatabase.class);
    }

    private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().orElse(null) != testClass) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }
}
