package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.serverlessmysql.LeaseDelegatesGenerator.Spec;

/**
 * The lease's wrappers are plain delegating classes, without a server: committed as the generator
 * writes them, no {@code java.lang.reflect.Proxy} among them, every method of every wrapped
 * {@code java.sql} interface implemented by a class (a JDBC method a new JDK adds cannot fall
 * through to a default method unseen), and every one of them inert once the lease is back. The
 * driver here is a stub (a reflective proxy: it stands for the driver, not for the lease); the
 * behaviour against real drivers is {@code LeaseIntegrityIT}'s.
 */
class LeaseDelegatesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/serverlessmysql");

    @Test
    void theCommittedClassesAreWhatTheGeneratorWrites() throws Exception {
        List<String> differ = new ArrayList<>();
        for (Spec spec : LeaseDelegatesGenerator.SPECS) {
            Path file = SOURCES.resolve(spec.name() + ".java");
            String expected = LeaseDelegatesGenerator.generate(spec);
            if (Boolean.getBoolean("lease.delegates.write")) {
                Files.writeString(file, expected);
            } else if (!Files.exists(file) || !Files.readString(file).equals(expected)) {
                differ.add(spec.name());
            }
        }
        assertThat(differ).as("generated lease classes differ from the java.sql interfaces of this JDK or from their"
                + " base classes; regenerate with " + LeaseDelegatesGenerator.REGENERATE + " and review the diff").isEmpty();
    }

    @Test
    void everyInterfaceMethodIsImplementedByAClassAndNoGeneratedMethodHidesAHandWrittenOne() throws Exception {
        for (Spec spec : LeaseDelegatesGenerator.SPECS) {
            Class<?> wrapper = Class.forName("dev.serverlessmysql." + spec.name());
            assertThat(spec.type().isAssignableFrom(wrapper)).as(spec.name()).isTrue();
            for (Method method : spec.type().getMethods()) {
                if (Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Method implementation = wrapper.getMethod(method.getName(), method.getParameterTypes());
                assertThat(implementation.getDeclaringClass().isInterface())
                        .as(spec.name() + " falls through to the interface's " + implementation).isFalse();
                assertThat(Modifier.isAbstract(implementation.getModifiers())).as(implementation.toString()).isFalse();
            }
            for (Method generated : wrapper.getDeclaredMethods()) {
                assertThat(LeaseDelegatesGenerator.implementedBy(spec.handWritten(), generated))
                        .as(spec.name() + " overrides the hand-written " + generated).isFalse();
            }
        }
    }

    @Test
    void everyObjectReachedThroughTheLeaseIsAPlainWrapperThatLeadsBack() throws Exception {
        StubDriver driver = new StubDriver();
        List<Lease> returned = new ArrayList<>();
        Lease lease = Lease.of(driver.make(Connection.class), returned::add, false, Clock.SYSTEM);
        Map<Object, Class<?>> reached = reachEveryKind(lease.proxy());

        for (Map.Entry<Object, Class<?>> each : reached.entrySet()) {
            Object wrapper = each.getKey();
            assertThat(Proxy.isProxyClass(wrapper.getClass())).as(wrapper + " is a java.lang.reflect.Proxy").isFalse();
            assertThat(wrapper.getClass().getSimpleName()).startsWith("Leased");
            assertThat(each.getValue().isInstance(wrapper)).isTrue();
            assertThat(wrapper.toString()).startsWith("ServerlessMySql ").doesNotContain("stub");
        }
        Connection connection = lease.proxy();
        Statement statement = find(reached, Statement.class, "plain");
        PreparedStatement prepared = find(reached, PreparedStatement.class, "prepared");
        CallableStatement callable = find(reached, CallableStatement.class, "callable");
        DatabaseMetaData metaData = connection.getMetaData();
        assertThat(prepared).isNotInstanceOf(CallableStatement.class);
        assertThat(statement).isNotInstanceOf(PreparedStatement.class);
        assertThat(statement.getConnection()).isSameAs(connection);
        assertThat(callable.getConnection()).isSameAs(connection);
        assertThat(metaData.getConnection()).isSameAs(connection);
        assertThat(metaData).isSameAs(connection.getMetaData());
        assertThat(prepared.getGeneratedKeys().getStatement()).isSameAs(prepared);
        assertThat(callable.executeQuery().getStatement()).isSameAs(callable);
        assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
        assertThat(statement.isWrapperFor(Statement.class)).isTrue();
        assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
        assertThat(lease.isBroken()).isFalse();

        connection.close();
        connection.close();
        assertThat(returned).containsExactly(lease);
        int callsBefore = driver.calls.size();
        for (Map.Entry<Object, Class<?>> each : reached.entrySet()) {
            assertInert(each.getKey(), each.getValue());
        }
        assertThat(driver.calls.subList(callsBefore, driver.calls.size())).as("driver calls after the return").isEmpty();
    }

    @Test
    void aCallThatBreaksTheConnectionIsSeenWhateverTheWrapper() throws Exception {
        StubDriver driver = new StubDriver();
        driver.failing = "getString";
        Lease lease = Lease.of(driver.make(Connection.class), returnedLease -> { }, false, Clock.SYSTEM);
        ResultSet rows = lease.proxy().prepareStatement("SELECT 1").executeQuery();
        assertThatThrownBy(() -> rows.getString(1)).isInstanceOf(SQLException.class);
        assertThat(lease.isBroken()).isTrue();
    }

    /** The connection and one of every kind of object reached through it, each with the interface it is reached as. */
    private static Map<Object, Class<?>> reachEveryKind(Connection connection) throws SQLException {
        Map<Object, Class<?>> reached = new LinkedHashMap<>();
        reached.put(connection, Connection.class);
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT 1");
        CallableStatement callable = connection.prepareCall("CALL p()");
        reached.put(statement, Statement.class);
        reached.put(prepared, PreparedStatement.class);
        reached.put(callable, CallableStatement.class);
        reached.put(statement.executeQuery("SELECT 1"), ResultSet.class);
        reached.put(prepared.getGeneratedKeys(), ResultSet.class);
        reached.put(callable.getResultSet(), ResultSet.class);
        DatabaseMetaData metaData = connection.getMetaData();
        reached.put(metaData, DatabaseMetaData.class);
        ResultSet tables = metaData.getTables(null, null, "%", null);
        reached.put(tables, ResultSet.class);
        reached.put(tables.getStatement(), Statement.class);
        return reached;
    }

    @SuppressWarnings("unchecked")
    private static <T> T find(Map<Object, Class<?>> reached, Class<T> type, String which) {
        return (T) reached.entrySet().stream().filter(e -> e.getValue() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + which)).getKey();
    }

    /** After the return: closed, close() harmless, everything else 08003 (of the type the method may throw). */
    private static void assertInert(Object wrapper, Class<?> type) throws Exception {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object result;
            try {
                result = method.invoke(wrapper, defaults(method.getParameterTypes()));
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause() instanceof UndeclaredThrowableException undeclared
                        && method.getExceptionTypes().length == 0 ? undeclared.getCause() : e.getCause();
                assertThat(failure).as(type.getSimpleName() + "." + method.getName()).isInstanceOf(SQLException.class);
                assertThat(((SQLException) failure).getSQLState()).as(method.toString()).isEqualTo("08003");
                if (Set.of(method.getExceptionTypes()).contains(SQLClientInfoException.class)) {
                    assertThat(failure).isInstanceOf(SQLClientInfoException.class);
                }
                continue;
            }
            switch (method.getName()) {
                case "isClosed" -> assertThat(result).as(type.getSimpleName() + ".isClosed").isEqualTo(true);
                case "isValid" -> assertThat(result).isEqualTo(false);
                case "close", "abort" -> assertThat(result).isNull();
                default -> fail(type.getSimpleName() + "." + method.getName() + " answered after the lease was returned");
            }
        }
    }

    private static Object[] defaults(Class<?>[] types) {
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = types[i] == boolean.class ? false
                    : types[i] == int.class ? 1
                    : types[i] == long.class ? 1L
                    : types[i] == short.class ? (short) 1
                    : types[i] == byte.class ? (byte) 1
                    : types[i] == float.class ? 1f
                    : types[i] == double.class ? 1d
                    : types[i] == String.class ? "x"
                    : types[i] == Class.class ? Object.class
                    : null;
        }
        return values;
    }

    /** A driver that answers every call with a fresh stub or a zero, and records what it was asked. */
    static final class StubDriver implements InvocationHandler {
        final List<String> calls = new ArrayList<>();
        String failing;

        <T> T make(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, this));
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws SQLException {
            switch (method.getName()) {
                case "toString":
                    return "stub";
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    break;
            }
            calls.add(method.getName());
            if (method.getName().equals(failing)) {
                throw new SQLException("Communications link failure", "08S01");
            }
            Class<?> returns = method.getReturnType();
            if (returns == Statement.class || returns == PreparedStatement.class || returns == CallableStatement.class
                    || returns == ResultSet.class || returns == DatabaseMetaData.class) {
                return make(returns);
            }
            if (returns == boolean.class) {
                return false;
            }
            if (returns == int.class) {
                return 0;
            }
            if (returns == long.class) {
                return 0L;
            }
            return returns.isPrimitive() && returns != void.class ? defaults(new Class<?>[] {returns})[0] : null;
        }
    }
}
