package io.rapport.platform.demo;

import io.rapport.platform.security.Role;
import io.rapport.platform.users.UserAdministration;
import io.rapport.platform.users.UserAdministration.NewUser;
import io.rapport.platform.users.UserDirectory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start: the administrator from {@code RAPPORT_ADMIN_EMAIL}/{@code RAPPORT_ADMIN_PASSWORD}, and with
 * demo data on, one demo user per role in two sales teams and a support team. Logins are printed once.
 */
@Component
@Order(0)
class PlatformBootstrap implements ApplicationRunner {

    static final String DEMO_PASSWORD = "rapport-demo";
    private static final Logger log = LoggerFactory.getLogger(PlatformBootstrap.class);

    record DemoUser(String email, String name, Role role, String team) {}

    static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("manager@rapport.local", "Maria Manager", Role.MANAGER, null),
            new DemoUser("sales@rapport.local", "Sam Seller", Role.SALES, "Sales East"),
            new DemoUser("sales2@rapport.local", "Sofia Closer", Role.SALES, "Sales West"),
            new DemoUser("marketing@rapport.local", "Mark Eting", Role.MARKETING, null),
            new DemoUser("agent@rapport.local", "Ada Agent", Role.AGENT, "Support"),
            new DemoUser("readonly@rapport.local", "Rita Reader", Role.READ_ONLY, null));

    private final UserDirectory directory;
    private final UserAdministration administration;
    private final boolean demo;
    private final String adminEmail;
    private final String adminPassword;

    PlatformBootstrap(UserDirectory directory, UserAdministration administration, @Value("${rapport.demo}") boolean demo,
                      @Value("${rapport.admin.email}") String adminEmail, @Value("${rapport.admin.password}") String adminPassword) {
        this.directory = directory;
        this.administration = administration;
        this.demo = demo;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean firstStart = directory.count() == 0;
        if (directory.findByEmail(adminEmail).isEmpty()) {
            String password = !adminPassword.isBlank() ? adminPassword : demo ? DEMO_PASSWORD : null;
            var created = administration.createUnchecked(new NewUser(adminEmail, "Administrator", Role.ADMIN, null, password));
            log.info("Created administrator {} with password {}", adminEmail,
                    created.temporaryPassword() != null ? created.temporaryPassword() : "(from RAPPORT_ADMIN_PASSWORD or the demo default)");
        }
        if (demo && firstStart) {
            for (DemoUser user : DEMO_USERS) {
                Long team = user.team() == null ? null : administration.ensureTeam(user.team());
                if (directory.findByEmail(user.email()).isEmpty()) {
                    administration.createUnchecked(new NewUser(user.email(), user.name(), user.role(), team, DEMO_PASSWORD));
                }
            }
            StringBuilder logins = new StringBuilder("\n\nRapport demo logins (password '" + DEMO_PASSWORD + "'):\n");
            logins.append(String.format("  %-26s %s%n", adminEmail, "ADMIN"));
            DEMO_USERS.forEach(u -> logins.append(String.format("  %-26s %s%s%n", u.email(), u.role(),
                    u.team() == null ? "" : " (" + u.team() + ")")));
            log.info(logins.toString());
        }
    }
}
