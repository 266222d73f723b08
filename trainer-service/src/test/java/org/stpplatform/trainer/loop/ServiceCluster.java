package org.stpplatform.trainer.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.UrlResource;
import org.stpplatform.testsupport.PostgresTestDatabase;

/**
 * Starts services of the platform in this JVM on random loopback ports. All services share one
 * classpath, so each context reads the {@code application.yml} of its own module (located through
 * the module's main class) instead of the first one on the classpath.
 */
final class ServiceCluster {

    private ServiceCluster() {
    }

    /** A started service and the settings needed to start it again on the same database. */
    record Service(ConfigurableApplicationContext context, String url, Map<String, String> arguments) {

        void stop() {
            context.close();
        }
    }

    /** Returns the connection arguments of a fresh test database. */
    static Map<String, String> freshDatabase() {
        PostgresTestDatabase.DatabaseConnection database = PostgresTestDatabase.shared().createDatabase();
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("spring.datasource.url", database.jdbcUrl());
        if (database.username() != null) {
            arguments.put("spring.datasource.username", database.username());
            arguments.put("spring.datasource.password", database.password());
        }
        arguments.put("stp.database.embedded", "false");
        return arguments;
    }

    /**
     * Starts an application with its module's {@code application.yml} and the given arguments,
     * which take precedence.
     */
    static Service start(Class<?> application, Map<String, String> arguments) {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(
                    application.getSimpleName() + " application.yml", new UrlResource(applicationYaml(application)))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new LinkedHashMap<>(arguments);
        all.putIfAbsent("server.port", "0");
        all.putIfAbsent("server.address", "127.0.0.1");
        all.put("spring.config.location", "optional:file:./no-config-for-cross-service-tests/");
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .environment(environment)
                .run(args.toArray(String[]::new));
        String port = context.getEnvironment().getProperty("local.server.port");
        return new Service(context, "http://127.0.0.1:" + port, Map.copyOf(arguments));
    }

    private static URL applicationYaml(Class<?> application) {
        try {
            URL location = application.getProtectionDomain().getCodeSource().getLocation();
            Path path = Path.of(location.toURI());
            if (Files.isDirectory(path)) {
                return path.resolve("application.yml").toUri().toURL();
            }
            return new URL("jar:" + location + "!/application.yml");
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate application.yml of " + application.getName(), e);
        }
    }
}
