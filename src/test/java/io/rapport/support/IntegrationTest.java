package io.rapport.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * One Spring context for every integration test: the real app on a random port against the real
 * PostgreSQL (RAPPORT_DB_URL in CI, else an embedded one under target/). Keep the properties identical
 * across tests so the context is cached and shared.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rapport.demo=false",
        "rapport.admin.email=admin@test.rapport",
        "rapport.admin.password=admin-password-1",
        "logging.level.rapport.requests=warn",
        "rapport.reminders.interval=PT1S", "rapport.mail.outbox-interval=PT1S", "rapport.mail.retry-base=PT1S"})
@ContextConfiguration(initializers = TestMailServer.class)  // a real SMTP server (GreenMail) shared by every test
public @interface IntegrationTest {}
