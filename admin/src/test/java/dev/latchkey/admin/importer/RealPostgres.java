package dev.latchkey.admin.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real PostgreSQL (the binaries io.zonky.test ships on Maven Central), started once per
 * test JVM on a free port and stopped by zonky's shutdown hook. As root, zonky runs the
 * server in a user namespace ({@code unshare -U}), since PostgreSQL refuses root.
 */
final class RealPostgres {

	private static EmbeddedPostgres instance;

	private RealPostgres() {
	}

	static synchronized EmbeddedPostgres get() {
		if (instance == null) {
			try {
				instance = EmbeddedPostgres.builder()
					.setPGStartupWait(Duration.ofSeconds(60))
					// Test data: durability is not what is measured here.
					.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off")
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("PostgreSQL did not start", ex);
			}
		}
		return instance;
	}

	static String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + get().getPort() + "/postgres";
	}

	static Connection connect() {
		try {
			return get().getPostgresDatabase().getConnection();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
