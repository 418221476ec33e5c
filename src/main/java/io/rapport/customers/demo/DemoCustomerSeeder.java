package io.rapport.customers.demo;

import io.rapport.platform.users.UserDirectory;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * First start on an empty database: 80 accounts and 700 contacts with 18 months of history, spread over
 * the demo users, from the same deterministic generator the benchmarks use.
 */
@Component
@Order(10)
class DemoCustomerSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomerSeeder.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final boolean demo;

    DemoCustomerSeeder(DataSource dataSource, JdbcClient jdbc, UserDirectory users, @Value("${rapport.demo}") boolean demo) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.users = users;
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        if (!demo || jdbc.sql("select exists (select 1 from contacts)").query(Boolean.class).single()) {
            return;
        }
        List<CustomerDataGenerator.Owner> owners = users.activeUsers().stream()
                .filter(u -> u.role().canWrite())
                .map(u -> new CustomerDataGenerator.Owner(u.id(), u.teamId())).toList();
        if (owners.isEmpty()) return;
        CustomerDataGenerator.defineCustomFields(dataSource);
        var plan = new CustomerDataGenerator.Plan(80, 700, 42L, owners, Instant.now(), true);
        var result = CustomerDataGenerator.generate(dataSource, plan);
        CustomerDataGenerator.writeHistory(dataSource, plan);
        log.info("Seeded demo data: {} accounts, {} contacts", result.accounts(), result.contacts());
    }

}
