package org.stpplatform.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real PostgreSQL server for tests, chosen once per JVM in this order:
 * <ol>
 *   <li>Testcontainers {@code postgres:16-alpine}, when a Docker engine is available;</li>
 *   <li>the server of the JDBC URL in the environment variable {@value #JDBC_URL_VARIABLE}, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres};</li>
 *   <li>an embedded PostgreSQL (zonky) in a temporary folder.</li>
 * </ol>
 * {@link #createDatabase()} creates a fresh, empty database on that server so that test contexts do
 * not see each other's rows. Databases on an external server are dropped when the JVM exits; the
 * container and the embedded server are discarded as a whole.
 */
public final class PostgresTestDatabase {

    /** Environment variable with the JDBC URL of an existing server to create test databases on. */
    public static final String JDBC_URL_VARIABLE = "STP_TEST_JDBC_URL";

    /** Docker image used when Docker is available. */
    public static final String IMAGE = "postgres:16-alpine";

    private static final Logger log = LoggerFactory.getLogger(PostgresTestDatabase.class);

    /** Splits a PostgreSQL JDBC URL into prefix, database name and optional query. */
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

    private static PostgresTestDatabase shared;

    /** Origin of the test server. */
    public enum Source { TESTCONTAINERS, JDBC_URL, EMBEDDED }

    /**
     * Connection settings of one test database.
     *
     * @param username null when the URL carries the user as a query parameter
     * @param password null when the URL carries it or none is needed
     */
    public record DatabaseConnection(String jdbcUrl, String username, String password, String databaseName,
            Source source) {

        /** Opens a new JDBC connection to this database; the caller closes it. */
        public Connection open() throws SQLException {
            return username == null
                    ? DriverManager.getConnection(jdbcUrl)
                    : DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    private final Source source;
    private final DatabaseConnection admin;
    private final List<String> createdDatabases = new ArrayList<>();

    private PostgresTestDatabase(Source source, DatabaseConnection admin) {
        this.source = source;
        this.admin = admin;
    }

    /** Returns the server of this JVM, starting or choosing it on first use. */
    public static synchronized PostgresTestDatabase shared() {
        if (shared == null) {
            shared = choose(System.getenv(JDBC_URL_VARIABLE));
        }
        return shared;
    }

    public Source source() {
        return source;
    }

    /** Creates a new empty database named {@code stp_test_<random>} and returns its connection settings. */
    public synchronized DatabaseConnection createDatabase() {
        String name = "stp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = admin.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to create test database " + name + " on " + admin.jdbcUrl()
                    + " (source " + source + "): " + e.getMessage(), e);
        }
        createdDatabases.add(name);
        log.info("Created test database name={} source={}", name, source);
        return new DatabaseConnection(withDatabase(admin.jdbcUrl(), name), admin.username(), admin.password(),
                name, source);
    }

    private static PostgresTestDatabase choose(String jdbcUrlFromEnvironment) {
        if (dockerAvailable()) {
            return startContainer();
        }
        if (jdbcUrlFromEnvironment != null && !jdbcUrlFromEnvironment.isBlank()) {
            return useExternalServer(jdbcUrlFromEnvironment.trim());
        }
        return startEmbedded();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Docker check failed", e);
            return false;
        }
    }

    private static PostgresTestDatabase startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        log.info("Test database: Testcontainers image={} url={}", IMAGE, container.getJdbcUrl());
        // Testcontainers stops the container when the JVM exits (Ryuk), so no hook is needed here.
        return new PostgresTestDatabase(Source.TESTCONTAINERS, new DatabaseConnection(container.getJdbcUrl(),
                container.getUsername(), container.getPassword(), container.getDatabaseName(), Source.TESTCONTAINERS));
    }

    private static PostgresTestDatabase useExternalServer(String jdbcUrl) {
        Matcher matcher = JDBC_URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalStateException(JDBC_URL_VARIABLE + " must look like"
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres, got " + jdbcUrl);
        }
        DatabaseConnection admin = new DatabaseConnection(jdbcUrl, null, null, matcher.group(2), Source.JDBC_URL);
        PostgresTestDatabase database = new PostgresTestDatabase(Source.JDBC_URL, admin);
        Runtime.getRuntime().addShutdownHook(new Thread(database::dropCreatedDatabases, "stp-test-db-cleanup"));
        log.info("Test database: server of {} url={}", JDBC_URL_VARIABLE, jdbcUrl);
        return database;
    }

    private static PostgresTestDatabase startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
            log.info("Test database: embedded PostgreSQL (no Docker, {} unset) url={}", JDBC_URL_VARIABLE, url);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "stp-test-db-stop"));
            return new PostgresTestDatabase(Source.EMBEDDED,
                    new DatabaseConnection(url, null, null, "postgres", Source.EMBEDDED));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start embedded PostgreSQL for tests; set " + JDBC_URL_VARIABLE
                    + " to the JDBC URL of a running server instead", e);
        }
    }

    private synchronized void dropCreatedDatabases() {
        if (createdDatabases.isEmpty()) {
            return;
        }
        try (Connection connection = admin.open(); Statement statement = connection.createStatement()) {
            for (String name : createdDatabases) {
                // FORCE (PostgreSQL 13+) ends connection pools that are still open at JVM exit.
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            log.info("Dropped test databases count={}", createdDatabases.size());
            createdDatabases.clear();
        } catch (SQLException e) {
            log.warn("Failed to drop test databases names={}", createdDatabases, e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Failed to stop embedded test PostgreSQL", e);
        }
    }

    /** Returns the JDBC URL with its database name replaced, keeping host, port and query. */
    static String withDatabase(String jdbcUrl, String databaseName) {
        Matcher matcher = JDBC_URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        String query = matcher.group(3) == null ? "" : matcher.group(3);
        return matcher.group(1) + databaseName.toLowerCase(Locale.ROOT) + query;
    }
}
