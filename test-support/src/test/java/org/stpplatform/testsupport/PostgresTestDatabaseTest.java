package org.stpplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTestDatabaseTest {

    @Test
    void createdDatabaseIsRealAndEmpty() throws SQLException {
        PostgresTestDatabase.DatabaseConnection database = PostgresTestDatabase.shared().createDatabase();

        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            assertThat(queryString(statement, "SELECT current_database()")).isEqualTo(database.databaseName());
            assertThat(queryString(statement, "SELECT version()")).startsWith("PostgreSQL");
            assertThat(queryString(statement,
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isEqualTo("0");
        }
        assertThat(database.databaseName()).matches("stp_test_[0-9a-f]{16}");
    }

    @Test
    void databasesAreIsolated() throws SQLException {
        PostgresTestDatabase.DatabaseConnection first = PostgresTestDatabase.shared().createDatabase();
        PostgresTestDatabase.DatabaseConnection second = PostgresTestDatabase.shared().createDatabase();

        try (Connection connection = first.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection connection = second.open(); Statement statement = connection.createStatement()) {
            assertThat(queryString(statement, "SELECT to_regclass('only_here') IS NULL")).isEqualTo("t");
        }
        assertThat(first.databaseName()).isNotEqualTo(second.databaseName());
        assertThat(first.source()).isEqualTo(PostgresTestDatabase.shared().source());
    }

    @Test
    void sourceFollowsEnvironment() {
        PostgresTestDatabase.Source source = PostgresTestDatabase.shared().source();
        String url = System.getenv(PostgresTestDatabase.JDBC_URL_VARIABLE);

        if (source != PostgresTestDatabase.Source.TESTCONTAINERS) {
            PostgresTestDatabase.Source expected = url == null || url.isBlank()
                    ? PostgresTestDatabase.Source.EMBEDDED : PostgresTestDatabase.Source.JDBC_URL;
            assertThat(source).isEqualTo(expected);
        }
    }

    @Test
    void withDatabaseKeepsHostAndQuery() {
        assertThat(PostgresTestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "stp_test_ab"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/stp_test_ab?user=postgres");
        assertThat(PostgresTestDatabase.withDatabase("jdbc:postgresql://localhost/postgres", "stp_test_cd"))
                .isEqualTo("jdbc:postgresql://localhost/stp_test_cd");
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
