package dev.latchkey.admin.importer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The legacy PostgreSQL database: one connection for reading (a cursor in a read
 * transaction, so rows stream) and one for scrubbing. The password comes from the
 * environment variable the mapping names ({@code PGPASSWORD} by default).
 */
final class PostgresConnection implements AutoCloseable {

	/** Rows fetched per round trip while reading. */
	static final int FETCH_SIZE = 500;

	private final Connection read;

	private final String url;

	private final String user;

	private final String password;

	private final String table;

	private Connection write;

	private PostgresConnection(Connection read, String url, String user, String password, String table) {
		this.read = read;
		this.url = url;
		this.user = user;
		this.password = password;
		this.table = table;
	}

	static PostgresConnection open(Mapping.Connection connection, Map<String, String> environment) {
		String url = (connection.urlEnv() != null) ? environment.get(connection.urlEnv()) : connection.url();
		if (url == null) {
			throw new MappingException("connection.urlEnv names " + connection.urlEnv() + ", which is not set");
		}
		String password = environment.get(connection.passwordEnv());
		try {
			Connection read = DriverManager.getConnection(url, connection.user(), password);
			read.setAutoCommit(false);
			read.setReadOnly(true);
			return new PostgresConnection(read, url, connection.user(), password, connection.table());
		}
		catch (SQLException ex) {
			// The driver's messages name host, database and user, never the password.
			throw new MappingException("Cannot connect to the legacy database: " + ex.getMessage(), ex);
		}
	}

	/** The table, quoted. */
	String table() {
		return quote(this.table);
	}

	static String quote(String name) {
		return Arrays.stream(name.split("\\."))
			.map((part) -> '"' + part.replace("\"", "\"\"") + '"')
			.collect(Collectors.joining("."));
	}

	long count() {
		try (Statement statement = this.read.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table())) {
			rows.next();
			long count = rows.getLong(1);
			this.read.commit();
			return count;
		}
		catch (SQLException ex) {
			throw new MappingException("Cannot count the rows of " + this.table + ": " + ex.getMessage(), ex);
		}
	}

	/** The table's column names (lower case), to tell which optional columns exist. */
	Set<String> columns() {
		try (Statement statement = this.read.createStatement();
				ResultSet rows = statement.executeQuery("SELECT * FROM " + table() + " LIMIT 0")) {
			ResultSetMetaData meta = rows.getMetaData();
			Set<String> names = new HashSet<>();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
			}
			this.read.commit();
			return names;
		}
		catch (SQLException ex) {
			throw new MappingException("Cannot read the columns of " + this.table + ": " + ex.getMessage(), ex);
		}
	}

	/** A statement that streams its rows ({@link #FETCH_SIZE} at a time). */
	Statement streaming() throws SQLException {
		Statement statement = this.read.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
		statement.setFetchSize(FETCH_SIZE);
		return statement;
	}

	void endRead() throws SQLException {
		this.read.commit();
	}

	/** The connection scrubs write through, opened on first use; autocommit off. */
	Connection writer() throws SQLException {
		if (this.write == null) {
			this.write = DriverManager.getConnection(this.url, this.user, this.password);
			this.write.setAutoCommit(false);
		}
		return this.write;
	}

	void commitWrites() {
		if (this.write != null) {
			try {
				this.write.commit();
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Scrubs could not be committed: " + ex.getMessage(), ex);
			}
		}
	}

	@Override
	public void close() {
		for (Connection connection : new Connection[] { this.read, this.write }) {
			if (connection != null) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					// Closing; nothing is pending.
				}
			}
		}
	}

}
