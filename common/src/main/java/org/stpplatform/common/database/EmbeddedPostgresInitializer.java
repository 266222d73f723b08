package org.stpplatform.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL (zonky) for the local default and points {@code spring.datasource.*}
 * at it. Active when {@code stp.database.embedded=true} and no {@code spring.datasource.url} is set.
 * The data is kept, across starts, in {@code ${stp.data-dir:./stp-data}/postgres/<spring.application.name>};
 * the server listens on 127.0.0.1 only, on {@code stp.database.embedded-port} (0, the default, picks a
 * free port), and stops after the application context has destroyed its beans.
 *
 * <p>Registered in {@code META-INF/spring.factories}. It runs after the other initializers so that a
 * test initializer that sets the datasource URL wins.
 */
public class EmbeddedPostgresInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);

    static final String ENABLED_PROPERTY = "stp.database.embedded";
    static final String PORT_PROPERTY = "stp.database.embedded-port";
    static final String DATA_DIR_PROPERTY = "stp.data-dir";
    static final String PROPERTY_SOURCE_NAME = "stpEmbeddedPostgres";
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        boolean enabled = environment.getProperty(ENABLED_PROPERTY, Boolean.class, false);
        String configuredUrl = environment.getProperty("spring.datasource.url");
        if (!enabled || StringUtils.hasText(configuredUrl)) {
            if (StringUtils.hasText(configuredUrl)) {
                log.info("Database: configured url={}", withoutQuery(configuredUrl));
            }
            return;
        }
        String applicationName = environment.getProperty("spring.application.name", "application");
        Path dataDirectory = Path.of(environment.getProperty(DATA_DIR_PROPERTY, "./stp-data"), "postgres",
                applicationName).toAbsolutePath().normalize();
        int port = environment.getProperty(PORT_PROPERTY, Integer.class, 0);

        EmbeddedPostgres postgres = start(dataDirectory, port);
        // The server listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first.
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", USER,
                "spring.datasource.password", "")));
        registerStop(context, postgres, dataDirectory);
        log.info("Database: embedded PostgreSQL url={} dataDir={}", jdbcUrl, dataDirectory);
    }

    /**
     * Stops the server when the context's singletons are destroyed. Registered before any other
     * bean, it is destroyed after all of them, so the connection pool and a graceful web shutdown
     * still reach the database. The same happens when the context fails to start.
     */
    private static void registerStop(ConfigurableApplicationContext context, EmbeddedPostgres postgres,
            Path dataDirectory) {
        if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean("stpEmbeddedPostgres", () -> stop(postgres, dataDirectory));
            return;
        }
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                stop(postgres, dataDirectory);
            }
        });
    }

    /** Drops the query part of a JDBC URL, where a password may be. */
    private static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            log.info("Starting embedded PostgreSQL dataDir={} port={}", dataDirectory, port == 0 ? "free" : port);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start embedded PostgreSQL in " + dataDirectory
                    + "; check that the folder is writable and not used by another running service,"
                    + " or set spring.datasource.url to use an external server", e);
        }
    }

    private static void stop(EmbeddedPostgres postgres, Path dataDirectory) {
        try {
            postgres.close();
            log.info("Stopped embedded PostgreSQL dataDir={}", dataDirectory);
        } catch (IOException e) {
            log.warn("Failed to stop embedded PostgreSQL dataDir={}", dataDirectory, e);
        }
    }
}
