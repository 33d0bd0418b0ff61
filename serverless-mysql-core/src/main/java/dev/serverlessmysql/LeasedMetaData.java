package dev.serverlessmysql;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * Generated from {@link DatabaseMetaData} by {@code LeaseDelegatesGenerator} (test sources): do not edit.
 * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate
 * with {@code ./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest -Dlease.delegates.write=true}.
 *
 * <p>Every method the hand-written {@code LeaseChild} does not implement: fails with
 * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken
 * connection is not reused); a result set (or what {@code getObject} answers) is wrapped.
 * One method a line: they differ only in their signature.
 */
final class LeasedMetaData extends LeaseChild implements DatabaseMetaData {

    private final DatabaseMetaData delegate;

    LeasedMetaData(Lease lease, DatabaseMetaData delegate) {
        super(lease, delegate, null);
        this.delegate = delegate;
    }

    @Override public boolean allProceduresAreCallable() throws SQLException { check(); try { return delegate.allProceduresAreCallable(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean allTablesAreSelectable() throws SQLException { check(); try { return delegate.allTablesAreSelectable(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean autoCommitFailureClosesAllResultSets() throws SQLException { check(); try { return delegate.autoCommitFailureClosesAllResultSets(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean dataDefinitionCausesTransactionCommit() throws SQLException { check(); try { return delegate.dataDefinitionCausesTransactionCommit(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean dataDefinitionIgnoredInTransactions() throws SQLException { check(); try { return delegate.dataDefinitionIgnoredInTransactions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean deletesAreDetected(int p0) throws SQLException { check(); try { return delegate.deletesAreDetected(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean doesMaxRowSizeIncludeBlobs() throws SQLException { check(); try { return delegate.doesMaxRowSizeIncludeBlobs(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean generatedKeyAlwaysReturned() throws SQLException { check(); try { return delegate.generatedKeyAlwaysReturned(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getAttributes(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getAttributes(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getBestRowIdentifier(String p0, String p1, String p2, int p3, boolean p4) throws SQLException { check(); try { return result(delegate.getBestRowIdentifier(p0, p1, p2, p3, p4)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getCatalogSeparator() throws SQLException { check(); try { return delegate.getCatalogSeparator(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getCatalogTerm() throws SQLException { check(); try { return delegate.getCatalogTerm(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getCatalogs() throws SQLException { check(); try { return result(delegate.getCatalogs()); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getClientInfoProperties() throws SQLException { check(); try { return result(delegate.getClientInfoProperties()); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getColumnPrivileges(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getColumnPrivileges(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getColumns(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getColumns(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getCrossReference(String p0, String p1, String p2, String p3, String p4, String p5) throws SQLException { check(); try { return result(delegate.getCrossReference(p0, p1, p2, p3, p4, p5)); } catch (SQLException e) { throw failed(e); } }
    @Override public int getDatabaseMajorVersion() throws SQLException { check(); try { return delegate.getDatabaseMajorVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getDatabaseMinorVersion() throws SQLException { check(); try { return delegate.getDatabaseMinorVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getDatabaseProductName() throws SQLException { check(); try { return delegate.getDatabaseProductName(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getDatabaseProductVersion() throws SQLException { check(); try { return delegate.getDatabaseProductVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getDefaultTransactionIsolation() throws SQLException { check(); try { return delegate.getDefaultTransactionIsolation(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getDriverMajorVersion() { checkUnchecked(); return delegate.getDriverMajorVersion(); }
    @Override public int getDriverMinorVersion() { checkUnchecked(); return delegate.getDriverMinorVersion(); }
    @Override public String getDriverName() throws SQLException { check(); try { return delegate.getDriverName(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getDriverVersion() throws SQLException { check(); try { return delegate.getDriverVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getExportedKeys(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getExportedKeys(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getExtraNameCharacters() throws SQLException { check(); try { return delegate.getExtraNameCharacters(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getFunctionColumns(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getFunctionColumns(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getFunctions(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getFunctions(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getIdentifierQuoteString() throws SQLException { check(); try { return delegate.getIdentifierQuoteString(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getImportedKeys(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getImportedKeys(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getIndexInfo(String p0, String p1, String p2, boolean p3, boolean p4) throws SQLException { check(); try { return result(delegate.getIndexInfo(p0, p1, p2, p3, p4)); } catch (SQLException e) { throw failed(e); } }
    @Override public int getJDBCMajorVersion() throws SQLException { check(); try { return delegate.getJDBCMajorVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getJDBCMinorVersion() throws SQLException { check(); try { return delegate.getJDBCMinorVersion(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxBinaryLiteralLength() throws SQLException { check(); try { return delegate.getMaxBinaryLiteralLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxCatalogNameLength() throws SQLException { check(); try { return delegate.getMaxCatalogNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxCharLiteralLength() throws SQLException { check(); try { return delegate.getMaxCharLiteralLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnNameLength() throws SQLException { check(); try { return delegate.getMaxColumnNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnsInGroupBy() throws SQLException { check(); try { return delegate.getMaxColumnsInGroupBy(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnsInIndex() throws SQLException { check(); try { return delegate.getMaxColumnsInIndex(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnsInOrderBy() throws SQLException { check(); try { return delegate.getMaxColumnsInOrderBy(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnsInSelect() throws SQLException { check(); try { return delegate.getMaxColumnsInSelect(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxColumnsInTable() throws SQLException { check(); try { return delegate.getMaxColumnsInTable(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxConnections() throws SQLException { check(); try { return delegate.getMaxConnections(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxCursorNameLength() throws SQLException { check(); try { return delegate.getMaxCursorNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxIndexLength() throws SQLException { check(); try { return delegate.getMaxIndexLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public long getMaxLogicalLobSize() throws SQLException { check(); try { return delegate.getMaxLogicalLobSize(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxProcedureNameLength() throws SQLException { check(); try { return delegate.getMaxProcedureNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxRowSize() throws SQLException { check(); try { return delegate.getMaxRowSize(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxSchemaNameLength() throws SQLException { check(); try { return delegate.getMaxSchemaNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxStatementLength() throws SQLException { check(); try { return delegate.getMaxStatementLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxStatements() throws SQLException { check(); try { return delegate.getMaxStatements(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxTableNameLength() throws SQLException { check(); try { return delegate.getMaxTableNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxTablesInSelect() throws SQLException { check(); try { return delegate.getMaxTablesInSelect(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getMaxUserNameLength() throws SQLException { check(); try { return delegate.getMaxUserNameLength(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getNumericFunctions() throws SQLException { check(); try { return delegate.getNumericFunctions(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getPrimaryKeys(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getPrimaryKeys(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getProcedureColumns(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getProcedureColumns(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getProcedureTerm() throws SQLException { check(); try { return delegate.getProcedureTerm(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getProcedures(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getProcedures(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getPseudoColumns(String p0, String p1, String p2, String p3) throws SQLException { check(); try { return result(delegate.getPseudoColumns(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public int getResultSetHoldability() throws SQLException { check(); try { return delegate.getResultSetHoldability(); } catch (SQLException e) { throw failed(e); } }
    @Override public RowIdLifetime getRowIdLifetime() throws SQLException { check(); try { return delegate.getRowIdLifetime(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getSQLKeywords() throws SQLException { check(); try { return delegate.getSQLKeywords(); } catch (SQLException e) { throw failed(e); } }
    @Override public int getSQLStateType() throws SQLException { check(); try { return delegate.getSQLStateType(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getSchemaTerm() throws SQLException { check(); try { return delegate.getSchemaTerm(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getSchemas() throws SQLException { check(); try { return result(delegate.getSchemas()); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getSchemas(String p0, String p1) throws SQLException { check(); try { return result(delegate.getSchemas(p0, p1)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getSearchStringEscape() throws SQLException { check(); try { return delegate.getSearchStringEscape(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getStringFunctions() throws SQLException { check(); try { return delegate.getStringFunctions(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getSuperTables(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getSuperTables(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getSuperTypes(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getSuperTypes(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getSystemFunctions() throws SQLException { check(); try { return delegate.getSystemFunctions(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getTablePrivileges(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getTablePrivileges(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getTableTypes() throws SQLException { check(); try { return result(delegate.getTableTypes()); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getTables(String p0, String p1, String p2, String[] p3) throws SQLException { check(); try { return result(delegate.getTables(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getTimeDateFunctions() throws SQLException { check(); try { return delegate.getTimeDateFunctions(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getTypeInfo() throws SQLException { check(); try { return result(delegate.getTypeInfo()); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getUDTs(String p0, String p1, String p2, int[] p3) throws SQLException { check(); try { return result(delegate.getUDTs(p0, p1, p2, p3)); } catch (SQLException e) { throw failed(e); } }
    @Override public String getURL() throws SQLException { check(); try { return delegate.getURL(); } catch (SQLException e) { throw failed(e); } }
    @Override public String getUserName() throws SQLException { check(); try { return delegate.getUserName(); } catch (SQLException e) { throw failed(e); } }
    @Override public ResultSet getVersionColumns(String p0, String p1, String p2) throws SQLException { check(); try { return result(delegate.getVersionColumns(p0, p1, p2)); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean insertsAreDetected(int p0) throws SQLException { check(); try { return delegate.insertsAreDetected(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isCatalogAtStart() throws SQLException { check(); try { return delegate.isCatalogAtStart(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean isReadOnly() throws SQLException { check(); try { return delegate.isReadOnly(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean locatorsUpdateCopy() throws SQLException { check(); try { return delegate.locatorsUpdateCopy(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean nullPlusNonNullIsNull() throws SQLException { check(); try { return delegate.nullPlusNonNullIsNull(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean nullsAreSortedAtEnd() throws SQLException { check(); try { return delegate.nullsAreSortedAtEnd(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean nullsAreSortedAtStart() throws SQLException { check(); try { return delegate.nullsAreSortedAtStart(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean nullsAreSortedHigh() throws SQLException { check(); try { return delegate.nullsAreSortedHigh(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean nullsAreSortedLow() throws SQLException { check(); try { return delegate.nullsAreSortedLow(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean othersDeletesAreVisible(int p0) throws SQLException { check(); try { return delegate.othersDeletesAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean othersInsertsAreVisible(int p0) throws SQLException { check(); try { return delegate.othersInsertsAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean othersUpdatesAreVisible(int p0) throws SQLException { check(); try { return delegate.othersUpdatesAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean ownDeletesAreVisible(int p0) throws SQLException { check(); try { return delegate.ownDeletesAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean ownInsertsAreVisible(int p0) throws SQLException { check(); try { return delegate.ownInsertsAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean ownUpdatesAreVisible(int p0) throws SQLException { check(); try { return delegate.ownUpdatesAreVisible(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesLowerCaseIdentifiers() throws SQLException { check(); try { return delegate.storesLowerCaseIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesLowerCaseQuotedIdentifiers() throws SQLException { check(); try { return delegate.storesLowerCaseQuotedIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesMixedCaseIdentifiers() throws SQLException { check(); try { return delegate.storesMixedCaseIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesMixedCaseQuotedIdentifiers() throws SQLException { check(); try { return delegate.storesMixedCaseQuotedIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesUpperCaseIdentifiers() throws SQLException { check(); try { return delegate.storesUpperCaseIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean storesUpperCaseQuotedIdentifiers() throws SQLException { check(); try { return delegate.storesUpperCaseQuotedIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsANSI92EntryLevelSQL() throws SQLException { check(); try { return delegate.supportsANSI92EntryLevelSQL(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsANSI92FullSQL() throws SQLException { check(); try { return delegate.supportsANSI92FullSQL(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsANSI92IntermediateSQL() throws SQLException { check(); try { return delegate.supportsANSI92IntermediateSQL(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsAlterTableWithAddColumn() throws SQLException { check(); try { return delegate.supportsAlterTableWithAddColumn(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsAlterTableWithDropColumn() throws SQLException { check(); try { return delegate.supportsAlterTableWithDropColumn(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsBatchUpdates() throws SQLException { check(); try { return delegate.supportsBatchUpdates(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCatalogsInDataManipulation() throws SQLException { check(); try { return delegate.supportsCatalogsInDataManipulation(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCatalogsInIndexDefinitions() throws SQLException { check(); try { return delegate.supportsCatalogsInIndexDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException { check(); try { return delegate.supportsCatalogsInPrivilegeDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCatalogsInProcedureCalls() throws SQLException { check(); try { return delegate.supportsCatalogsInProcedureCalls(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCatalogsInTableDefinitions() throws SQLException { check(); try { return delegate.supportsCatalogsInTableDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsColumnAliasing() throws SQLException { check(); try { return delegate.supportsColumnAliasing(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsConvert() throws SQLException { check(); try { return delegate.supportsConvert(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsConvert(int p0, int p1) throws SQLException { check(); try { return delegate.supportsConvert(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCoreSQLGrammar() throws SQLException { check(); try { return delegate.supportsCoreSQLGrammar(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsCorrelatedSubqueries() throws SQLException { check(); try { return delegate.supportsCorrelatedSubqueries(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException { check(); try { return delegate.supportsDataDefinitionAndDataManipulationTransactions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsDataManipulationTransactionsOnly() throws SQLException { check(); try { return delegate.supportsDataManipulationTransactionsOnly(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsDifferentTableCorrelationNames() throws SQLException { check(); try { return delegate.supportsDifferentTableCorrelationNames(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsExpressionsInOrderBy() throws SQLException { check(); try { return delegate.supportsExpressionsInOrderBy(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsExtendedSQLGrammar() throws SQLException { check(); try { return delegate.supportsExtendedSQLGrammar(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsFullOuterJoins() throws SQLException { check(); try { return delegate.supportsFullOuterJoins(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsGetGeneratedKeys() throws SQLException { check(); try { return delegate.supportsGetGeneratedKeys(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsGroupBy() throws SQLException { check(); try { return delegate.supportsGroupBy(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsGroupByBeyondSelect() throws SQLException { check(); try { return delegate.supportsGroupByBeyondSelect(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsGroupByUnrelated() throws SQLException { check(); try { return delegate.supportsGroupByUnrelated(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsIntegrityEnhancementFacility() throws SQLException { check(); try { return delegate.supportsIntegrityEnhancementFacility(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsLikeEscapeClause() throws SQLException { check(); try { return delegate.supportsLikeEscapeClause(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsLimitedOuterJoins() throws SQLException { check(); try { return delegate.supportsLimitedOuterJoins(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMinimumSQLGrammar() throws SQLException { check(); try { return delegate.supportsMinimumSQLGrammar(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMixedCaseIdentifiers() throws SQLException { check(); try { return delegate.supportsMixedCaseIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException { check(); try { return delegate.supportsMixedCaseQuotedIdentifiers(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMultipleOpenResults() throws SQLException { check(); try { return delegate.supportsMultipleOpenResults(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMultipleResultSets() throws SQLException { check(); try { return delegate.supportsMultipleResultSets(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsMultipleTransactions() throws SQLException { check(); try { return delegate.supportsMultipleTransactions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsNamedParameters() throws SQLException { check(); try { return delegate.supportsNamedParameters(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsNonNullableColumns() throws SQLException { check(); try { return delegate.supportsNonNullableColumns(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOpenCursorsAcrossCommit() throws SQLException { check(); try { return delegate.supportsOpenCursorsAcrossCommit(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOpenCursorsAcrossRollback() throws SQLException { check(); try { return delegate.supportsOpenCursorsAcrossRollback(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOpenStatementsAcrossCommit() throws SQLException { check(); try { return delegate.supportsOpenStatementsAcrossCommit(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOpenStatementsAcrossRollback() throws SQLException { check(); try { return delegate.supportsOpenStatementsAcrossRollback(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOrderByUnrelated() throws SQLException { check(); try { return delegate.supportsOrderByUnrelated(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsOuterJoins() throws SQLException { check(); try { return delegate.supportsOuterJoins(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsPositionedDelete() throws SQLException { check(); try { return delegate.supportsPositionedDelete(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsPositionedUpdate() throws SQLException { check(); try { return delegate.supportsPositionedUpdate(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsRefCursors() throws SQLException { check(); try { return delegate.supportsRefCursors(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsResultSetConcurrency(int p0, int p1) throws SQLException { check(); try { return delegate.supportsResultSetConcurrency(p0, p1); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsResultSetHoldability(int p0) throws SQLException { check(); try { return delegate.supportsResultSetHoldability(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsResultSetType(int p0) throws SQLException { check(); try { return delegate.supportsResultSetType(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSavepoints() throws SQLException { check(); try { return delegate.supportsSavepoints(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSchemasInDataManipulation() throws SQLException { check(); try { return delegate.supportsSchemasInDataManipulation(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSchemasInIndexDefinitions() throws SQLException { check(); try { return delegate.supportsSchemasInIndexDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException { check(); try { return delegate.supportsSchemasInPrivilegeDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSchemasInProcedureCalls() throws SQLException { check(); try { return delegate.supportsSchemasInProcedureCalls(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSchemasInTableDefinitions() throws SQLException { check(); try { return delegate.supportsSchemasInTableDefinitions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSelectForUpdate() throws SQLException { check(); try { return delegate.supportsSelectForUpdate(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSharding() throws SQLException { check(); try { return delegate.supportsSharding(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsStatementPooling() throws SQLException { check(); try { return delegate.supportsStatementPooling(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException { check(); try { return delegate.supportsStoredFunctionsUsingCallSyntax(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsStoredProcedures() throws SQLException { check(); try { return delegate.supportsStoredProcedures(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSubqueriesInComparisons() throws SQLException { check(); try { return delegate.supportsSubqueriesInComparisons(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSubqueriesInExists() throws SQLException { check(); try { return delegate.supportsSubqueriesInExists(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSubqueriesInIns() throws SQLException { check(); try { return delegate.supportsSubqueriesInIns(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsSubqueriesInQuantifieds() throws SQLException { check(); try { return delegate.supportsSubqueriesInQuantifieds(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsTableCorrelationNames() throws SQLException { check(); try { return delegate.supportsTableCorrelationNames(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsTransactionIsolationLevel(int p0) throws SQLException { check(); try { return delegate.supportsTransactionIsolationLevel(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsTransactions() throws SQLException { check(); try { return delegate.supportsTransactions(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsUnion() throws SQLException { check(); try { return delegate.supportsUnion(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean supportsUnionAll() throws SQLException { check(); try { return delegate.supportsUnionAll(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean updatesAreDetected(int p0) throws SQLException { check(); try { return delegate.updatesAreDetected(p0); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean usesLocalFilePerTable() throws SQLException { check(); try { return delegate.usesLocalFilePerTable(); } catch (SQLException e) { throw failed(e); } }
    @Override public boolean usesLocalFiles() throws SQLException { check(); try { return delegate.usesLocalFiles(); } catch (SQLException e) { throw failed(e); } }
}
