package org.stpplatform.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * Points {@code spring.datasource.*} of a test context at a fresh database from
 * {@link PostgresTestDatabase} and turns the services' embedded local default off. Use it through
 * {@link PostgresTest} or {@code @ContextConfiguration(initializers = PostgresTestInitializer.class)}.
 */
public class PostgresTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    /** Name of the property source that this initializer adds first. */
    public static final String PROPERTY_SOURCE_NAME = "stpPostgresTest";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresTestDatabase.DatabaseConnection database = PostgresTestDatabase.shared().createDatabase();
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", database.jdbcUrl());
        if (database.username() != null) {
            properties.put("spring.datasource.username", database.username());
            properties.put("spring.datasource.password", database.password());
        }
        properties.put("stp.database.embedded", "false");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
    }
}
