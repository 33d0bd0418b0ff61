package dev.serverlessmysql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;

/**
 * The {@link Connection} a caller gets: the physical connection behind a proxy whose
 * {@code close()} returns the lease instead of closing the socket. It watches for failures that
 * break the connection (in its statements too) and records session settings the caller changed,
 * so that they can be reset when the lease comes back, as a pool does.
 */
final class Lease implements InvocationHandler {

    /** Called once when the caller closes the lease. */
    interface Returner {
        void returnLease(Lease lease);
    }

    private final Connection physical;
    private final Returner returner;
    private final Connection proxy;
    private volatile boolean returned;
    private volatile boolean broken;
    private boolean autoCommitChanged;
    private Integer originalIsolation;
    private Boolean originalReadOnly;
    private String originalCatalog;
    private boolean catalogChanged;

    private Lease(Connection physical, Returner returner) {
        this.physical = physical;
        this.returner = returner;
        this.proxy = (Connection) Proxy.newProxyInstance(Lease.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    static Lease of(Connection physical, Returner returner) {
        return new Lease(physical, returner);
    }

    Connection proxy() {
        return proxy;
    }

    Connection physical() {
        return physical;
    }

    /** Whether a statement failed in a way that leaves the connection unusable. */
    boolean isBroken() {
        return broken;
    }

    /**
     * Rolls back uncommitted work and restores the session settings the caller changed.
     * Costs no round trip unless something was changed.
     */
    void resetSession() throws SQLException {
        if (autoCommitChanged && !physical.getAutoCommit()) {
            physical.rollback();
            physical.setAutoCommit(true);
        }
        if (originalIsolation != null) {
            physical.setTransactionIsolation(originalIsolation);
        }
        if (originalReadOnly != null) {
            physical.setReadOnly(originalReadOnly);
        }
        if (catalogChanged && originalCatalog != null) {
            physical.setCatalog(originalCatalog);
        }
    }

    @Override
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close":
                if (!returned) {
                    returned = true;
                    returner.returnLease(this);
                }
                return null;
            case "isClosed":
                return returned || physical.isClosed();
            case "equals":
                return target == args[0];
            case "hashCode":
                return System.identityHashCode(target);
            case "toString":
                return "ServerlessMySql lease of " + physical + (returned ? " (returned)" : "");
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(target) ? target : physical.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(target) || physical.isWrapperFor((Class<?>) args[0]);
            default:
                break;
        }
        if (returned) {
            throw new SQLNonTransientConnectionException("This connection was already closed (its lease returned to the "
                    + "serverless-mysql DataSource); get a new one with getConnection()", "08003");
        }
        rememberSessionChange(name);
        Object result = call(physical, method, args);
        if (result instanceof CallableStatement statement) {
            return watch(statement, CallableStatement.class);
        }
        if (result instanceof PreparedStatement statement) {
            return watch(statement, PreparedStatement.class);
        }
        if (result instanceof Statement statement) {
            return watch(statement, Statement.class);
        }
        return result;
    }

    private void rememberSessionChange(String method) throws SQLException {
        switch (method) {
            case "setAutoCommit" -> autoCommitChanged = true;
            case "setTransactionIsolation" -> {
                if (originalIsolation == null) {
                    originalIsolation = physical.getTransactionIsolation();
                }
            }
            case "setReadOnly" -> {
                if (originalReadOnly == null) {
                    originalReadOnly = physical.isReadOnly();
                }
            }
            case "setCatalog", "setSchema" -> {
                if (!catalogChanged) {
                    catalogChanged = true;
                    originalCatalog = physical.getCatalog();
                }
            }
            default -> {
            }
        }
    }

    private <T extends Statement> T watch(T statement, Class<T> type) {
        InvocationHandler handler = (target, method, args) -> {
            if ("getConnection".equals(method.getName())) {
                return proxy;
            }
            return call(statement, method, args);
        };
        return type.cast(Proxy.newProxyInstance(Lease.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql && ErrorClassifier.isConnectionBroken(sql)) {
                broken = true;
            }
            throw cause;
        }
    }
}
