package dev.latchkey.admin.importer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RealPostgresIT {

	@Test
	void startsAndAnswers() throws Exception {
		try (Connection connection = RealPostgres.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT version()")) {
			rows.next();
			assertThat(rows.getString(1)).startsWith("PostgreSQL");
		}
	}

}
