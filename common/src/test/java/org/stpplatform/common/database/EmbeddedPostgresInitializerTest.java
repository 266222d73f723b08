package org.stpplatform.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedPostgresInitializerTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesRestart() {
        try (ConfigurableApplicationContext first = start("stp.database.embedded=true")) {
            JdbcTemplate jdbc = new JdbcTemplate(first.getBean(DataSource.class));
            jdbc.execute("CREATE TABLE kept (id int)");
            jdbc.update("INSERT INTO kept VALUES (7)");
        }
        assertThat(dataDir.resolve("postgres/embedded-demo/PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = start("stp.database.embedded=true")) {
            JdbcTemplate jdbc = new JdbcTemplate(second.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT id FROM kept", Integer.class)).isEqualTo(7);
            assertThat(second.getEnvironment().getProperty("spring.datasource.url")).contains("127.0.0.1")
                    .doesNotContain(":5432/");
        }
    }

    @Test
    void disabledLeavesDatasourceUnset() throws Exception {
        try (ConfigurableApplicationContext context = start("stp.database.embedded=false",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isNull();
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void explicitUrlWins() {
        try (ConfigurableApplicationContext context = start("stp.database.embedded=true",
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
                    .isEqualTo("jdbc:postgresql://127.0.0.1:1/none");
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    private ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(DemoApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=embedded-demo", "stp.data-dir=" + dataDir)
                .properties(properties)
                .run();
    }

    @SpringBootApplication
    static class DemoApplication {
    }
}
