package dev.serverlessmysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a result set of a lease does beyond delegating ({@link LeasedResultSet} delegates the
 * rest): it notices when it was read to the end, and its statement is the lease's wrapper.
 */
abstract class LeasedResultSetBase extends LeaseChild implements ResultSet {

    private final ResultSet resultSet;
    /** The wrapper of a metadata result set's own statement, when it has one. Guarded by this. */
    private Statement ownStatement;

    LeasedResultSetBase(Lease lease, ResultSet resultSet, LeaseChild parent) {
        super(lease, resultSet, parent);
        this.resultSet = resultSet;
    }

    /** A streaming result read to its end may be closed without reading anything more. */
    @Override
    public boolean next() throws SQLException {
        check();
        try {
            boolean more = resultSet.next();
            if (!more) {
                lease.readToEnd(this);
            }
            return more;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The statement wrapper it came from; a metadata query's own statement is wrapped (and closed on return) too. */
    @Override
    public synchronized Statement getStatement() throws SQLException {
        check();
        if (parent instanceof Statement statement) {
            return statement;
        }
        if (ownStatement == null) {
            try {
                Statement statement = resultSet.getStatement();
                ownStatement = statement == null ? null : lease.track(new LeasedStatement(lease, statement));
            } catch (SQLException e) {
                throw failed(e);
            }
        }
        return ownStatement;
    }
}
