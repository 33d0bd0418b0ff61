package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements may leave session state behind (then the lease resets the session), read from their text. */
class SessionResetTest {

    @ParameterizedTest
    @ValueSource(strings = {"LOCK TABLES t WRITE", "lock table t read", "UNLOCK TABLES", "SELECT GET_LOCK('job', 0)",
            "DO get_lock('job', 1)", "SET @tenant = 1", "set sql_mode = ''", "SET SESSION TRANSACTION READ ONLY",
            "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET NAMES latin1", "USE other_db", "  use `x`",
            "SELECT @v := 1", "SELECT id INTO @v FROM t", "SELECT @tenant", "CREATE TEMPORARY TABLE t (i INT)",
            "PREPARE s FROM 'SELECT 1'", "EXECUTE s", "CALL p()", "{call p()}", "HANDLER t OPEN",
            "FLUSH TABLES WITH READ LOCK", "BEGIN NOT ATOMIC SET @a = 1; END", "SELECT 1; SET sql_mode = ''",
            "/*!40101 SET NAMES utf8 */", "/* why */ SET @x = 1", "-- note\nSET @x = 1", "XA START 'x'", "",
            "SELECT 'a', @v := 1", "SELECT 'it''s', GET_LOCK('j', 0)", "SELECT 'a\\'b', @v", "SELECT 'open @"})
    void statementsThatMayLeaveStateBehind(String sql) {
        assertThat(SessionReset.leavesState(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "select * from t where id = ?", "INSERT INTO t VALUES (?)",
            "UPDATE t SET a = 1", "DELETE FROM t", "REPLACE INTO t VALUES (1)", "WITH x AS (SELECT 1) SELECT * FROM x",
            "(SELECT 1) UNION (SELECT 2)", "/* tag */ SELECT 1", "-- tag\nSELECT 1", "SELECT @@version",
            "SELECT @@SESSION.wait_timeout", "SELECT 1 FROM t FOR UPDATE", "SELECT 1 FROM t LOCK IN SHARE MODE",
            "START TRANSACTION", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT a", "CREATE TABLE t (i INT)",
            "DROP TABLE t", "ALTER TABLE t ADD COLUMN j INT", "SHOW TABLES", "SELECT 1;", "SELECT 1; -- end",
            "EXPLAIN SELECT 1", "INSERT INTO users VALUES ('ann@example.com')", "SELECT \"x@y\"",
            "UPDATE t SET note = 'a; SET @x = 1'", "SELECT 'GET_LOCK(' FROM t", "SELECT * FROM `a@b`"})
    void statementsThatLeaveNone(String sql) {
        assertThat(SessionReset.leavesState(sql)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOCK TABLES t WRITE", "SET @tenant = 1", "USE other_db", " /* x */ use `other`",
            "SELECT 1", "INSERT INTO t VALUES (?)", "COMMIT", "SELECT 'a', @v := 1", "UPDATE t SET note = 'a; SET @x = 1'"})
    void theVerdictKeptForATextIsWhatReadingItSays(String sql) {
        int expected = (SessionReset.leavesState(sql) ? SessionReset.LEAVES_STATE : 0)
                | (SessionReset.changesDatabase(sql) ? SessionReset.CHANGES_DATABASE : 0);
        assertThat(SessionReset.verdict(sql)).as("read").isEqualTo(expected);
        assertThat(SessionReset.verdict(new String(sql))).as("kept, asked with an equal text").isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void eachTextIsReadOnceAndLongOnesAreNotKept() {
        String text = "SELECT id FROM kept_" + System.nanoTime() + " WHERE a = ?";
        int before = SessionReset.textsKept();
        SessionReset.verdict(text);
        assertThat(SessionReset.textsKept()).as("kept once read").isEqualTo(before + 1);
        SessionReset.verdict(text);
        assertThat(SessionReset.textsKept()).as("not twice").isEqualTo(before + 1);
        String longText = "SELECT 1 FROM t WHERE a IN (" + "1,".repeat(600) + "1)";
        assertThat(SessionReset.verdict(longText)).isZero();
        assertThat(SessionReset.textsKept()).as("a long text is read each time, not kept").isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USE other", " /* x */ use `other`"})
    void useChangesTheDatabase(String sql) {
        assertThat(SessionReset.changesDatabase(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1 FROM t USE INDEX (i)", "SET @use = 1"})
    void otherStatementsDoNot(String sql) {
        assertThat(SessionReset.changesDatabase(sql)).isFalse();
    }
}
