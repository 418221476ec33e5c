package io.rapport.commerce.demo;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.commerce.orders.Orders;
import io.rapport.commerce.recommendations.RuleBuilds;
import io.rapport.customers.contacts.CustomerLifecycle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * After the demo customers and timelines (orders 10, 20): a catalogue of 40 products in families with tiers, priced
 * in EUR and USD, and about 1,500 orders over 18 months. Customers buy in recognisable patterns — each has a main
 * line (cloud CRM, service desk, marketing, analytics) bought with that line's companions, and later orders upgrade
 * a tier or add companions — so co-purchase statistics and upgrade suggestions have something real to find.
 * A fixed seed: the same demo every time.
 */
@Component
@Order(30)
class DemoCommerceSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCommerceSeeder.class);

    /** sku, name, family, tier, EUR price. USD is EUR × 1.1. */
    private record P(String sku, String name, String family, Integer tier, String eur) {}

    private static final List<P> CATALOGUE = List.of(
            new P("RC-STARTER", "Rapport Cloud Starter", "Rapport Cloud", 1, "29.00"),
            new P("RC-PRO", "Rapport Cloud Pro", "Rapport Cloud", 2, "59.00"),
            new P("RC-ENT", "Rapport Cloud Enterprise", "Rapport Cloud", 3, "119.00"),
            new P("SD-BASIC", "Service Desk Basic", "Service Desk", 1, "19.00"),
            new P("SD-PLUS", "Service Desk Plus", "Service Desk", 2, "39.00"),
            new P("SD-PREMIUM", "Service Desk Premium", "Service Desk", 3, "79.00"),
            new P("MK-ESSENTIALS", "Marketing Essentials", "Marketing Suite", 1, "49.00"),
            new P("MK-GROWTH", "Marketing Growth", "Marketing Suite", 2, "99.00"),
            new P("MK-SCALE", "Marketing Scale", "Marketing Suite", 3, "199.00"),
            new P("AN-STANDARD", "Analytics Standard", "Analytics", 1, "39.00"),
            new P("AN-ADVANCED", "Analytics Advanced", "Analytics", 2, "89.00"),
            new P("SUP-STANDARD", "Support Standard", "Support Plan", 1, "99.00"),
            new P("SUP-PRIORITY", "Support Priority", "Support Plan", 2, "249.00"),
            new P("SUP-DEDICATED", "Support Dedicated", "Support Plan", 3, "799.00"),
            new P("STO-100G", "Storage 100 GB", "Storage", 1, "9.00"),
            new P("STO-1T", "Storage 1 TB", "Storage", 2, "49.00"),
            new P("STO-10T", "Storage 10 TB", "Storage", 3, "299.00"),
            new P("TR-ONLINE", "Online training course", "Training", 1, "149.00"),
            new P("TR-WORKSHOP", "Remote workshop (1 day)", "Training", 2, "990.00"),
            new P("TR-ONSITE", "On-site training (2 days)", "Training", 3, "2900.00"),
            new P("API-10K", "API pack 10k calls", "API packs", 1, "19.00"),
            new P("API-100K", "API pack 100k calls", "API packs", 2, "99.00"),
            new P("API-1M", "API pack 1M calls", "API packs", 3, "490.00"),
            new P("SMS-1K", "SMS credits 1,000", "SMS credits", 1, "45.00"),
            new P("SMS-10K", "SMS credits 10,000", "SMS credits", 2, "390.00"),
            new P("SSO", "Single sign-on connector", null, null, "15.00"),
            new P("TEL", "Telephony connector", null, null, "25.00"),
            new P("SANDBOX", "Extra sandbox", null, null, "35.00"),
            new P("MIGRATION", "Data migration service", null, null, "1500.00"),
            new P("ONBOARD", "Onboarding package", null, null, "750.00"),
            new P("KB", "Knowledge base", null, null, "29.00"),
            new P("CHAT", "Live chat widget", null, null, "19.00"),
            new P("SURVEYS", "Surveys (NPS, CSAT)", null, null, "25.00"),
            new P("DELIVER", "E-mail deliverability pack", null, null, "39.00"),
            new P("LANDING", "Landing page builder", null, null, "29.00"),
            new P("DWH", "Data warehouse connector", null, null, "59.00"),
            new P("MOBILE", "Mobile app for field sales", null, null, "12.00"),
            new P("DOMAIN", "Custom domain", null, null, "5.00"),
            new P("WHITELABEL", "White labelling", null, null, "199.00"),
            new P("AUDIT-EXPORT", "Audit log export", null, null, "49.00"));

    /** A customer's main line, the companions often bought with it (with their odds), and what it upgrades through. */
    private record Segment(List<String> tiers, Map<String, Double> companions) {}

    private static final List<Segment> SEGMENTS = List.of(
            new Segment(List.of("RC-STARTER", "RC-PRO", "RC-ENT"),
                    odds("ONBOARD", 0.55, "SSO", 0.45, "MOBILE", 0.35, "TR-ONLINE", 0.3, "SUP-STANDARD", 0.3, "MIGRATION", 0.2, "SANDBOX", 0.15)),
            new Segment(List.of("SD-BASIC", "SD-PLUS", "SD-PREMIUM"),
                    odds("KB", 0.6, "CHAT", 0.5, "SURVEYS", 0.4, "TEL", 0.35, "SUP-STANDARD", 0.25)),
            new Segment(List.of("MK-ESSENTIALS", "MK-GROWTH", "MK-SCALE"),
                    odds("DELIVER", 0.55, "LANDING", 0.5, "SMS-1K", 0.4, "SURVEYS", 0.25, "DOMAIN", 0.3)),
            new Segment(List.of("AN-STANDARD", "AN-ADVANCED"),
                    odds("DWH", 0.55, "API-10K", 0.45, "STO-100G", 0.35, "AUDIT-EXPORT", 0.2)));

    /** Upgrades of add-on families bought in later orders. */
    private static final Map<String, String> NEXT_TIER = Map.ofEntries(
            Map.entry("RC-STARTER", "RC-PRO"), Map.entry("RC-PRO", "RC-ENT"), Map.entry("SD-BASIC", "SD-PLUS"),
            Map.entry("SD-PLUS", "SD-PREMIUM"), Map.entry("MK-ESSENTIALS", "MK-GROWTH"), Map.entry("MK-GROWTH", "MK-SCALE"),
            Map.entry("AN-STANDARD", "AN-ADVANCED"), Map.entry("SUP-STANDARD", "SUP-PRIORITY"), Map.entry("SUP-PRIORITY", "SUP-DEDICATED"),
            Map.entry("STO-100G", "STO-1T"), Map.entry("STO-1T", "STO-10T"), Map.entry("API-10K", "API-100K"),
            Map.entry("API-100K", "API-1M"), Map.entry("SMS-1K", "SMS-10K"), Map.entry("TR-ONLINE", "TR-WORKSHOP"));

    private static final int TARGET_ORDERS = 1500;

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final CustomerLifecycle lifecycle;
    private final RuleBuilds ruleBuilds;
    private final boolean demo;

    DemoCommerceSeeder(JdbcClient jdbc, Timeline timeline, CustomerLifecycle lifecycle, RuleBuilds ruleBuilds,
                       @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.ruleBuilds = ruleBuilds;
        this.timeline = timeline;
        this.lifecycle = lifecycle;
        this.demo = demo;
    }

    private record Line(String sku, int quantity) {}

    private record DemoOrder(String number, long contactId, Long accountId, Instant at, String currency, String channel,
                             String status, List<Line> lines) {}

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from products) or exists (select 1 from orders) or not exists (select 1 from contacts)")
                .query(Boolean.class).single()) {
            return;
        }
        Map<String, Long> products = seedCatalogue();
        List<DemoOrder> orders = plan(new Random(42));
        Map<String, BigDecimal> eur = new LinkedHashMap<>();
        CATALOGUE.forEach(p -> eur.put(p.sku(), new BigDecimal(p.eur())));
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (DemoOrder o : orders) {
            BigDecimal total = BigDecimal.ZERO;
            List<Long> ids = new ArrayList<>();
            List<Integer> quantities = new ArrayList<>();
            List<BigDecimal> prices = new ArrayList<>();
            for (Line l : o.lines()) {
                BigDecimal price = price(eur.get(l.sku()), o.currency());
                ids.add(products.get(l.sku()));
                quantities.add(l.quantity());
                prices.add(price);
                total = total.add(price.multiply(BigDecimal.valueOf(l.quantity())));
            }
            long id = jdbc.sql("""
                    insert into orders (number, contact_id, account_id, ordered_at, status, channel, currency, total)
                    values (:n, :c, :a, :at, :s, :ch, :cur, :total) returning id""")
                    .param("n", o.number()).param("c", o.contactId()).param("a", o.accountId())
                    .param("at", java.sql.Timestamp.from(o.at())).param("s", o.status()).param("ch", o.channel())
                    .param("cur", o.currency()).param("total", total).query(Long.class).single();
            jdbc.sql("""
                    insert into order_lines (order_id, product_id, quantity, unit_price)
                    select :o, p, q, u from unnest(cast(:p as bigint[]), cast(:q as int[]), cast(:u as numeric[])) as t(p, q, u)""")
                    .param("o", id).param("p", ids.toArray(Long[]::new)).param("q", quantities.toArray(Integer[]::new))
                    .param("u", prices.toArray(BigDecimal[]::new)).update();
            touchpoints.add(Orders.touchpoint(id, o.number(), o.contactId(), o.at(), o.currency(), total, o.lines().size()));
        }
        timeline.recordAll(touchpoints);
        int customers = lifecycle.purchased(orders.stream().map(DemoOrder::contactId).distinct().toList(), null).size();
        // build the co-purchase rules now rather than at night, so "Recommended next" has content on first start;
        // after commit, because the build job runs on its own connection and must see the orders
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ruleBuilds.queue("DEMO", null);
            }
        });
        log.info("Seeded demo commerce: {} products, {} orders, {} contacts became customers", products.size(), orders.size(), customers);
    }

    private Map<String, Long> seedCatalogue() {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (P p : CATALOGUE) {
            long id = jdbc.sql("insert into products (sku, name, family, tier) values (:sku, :name, :family, :tier) returning id")
                    .param("sku", p.sku()).param("name", p.name()).param("family", p.family()).param("tier", p.tier())
                    .query(Long.class).single();
            BigDecimal eur = new BigDecimal(p.eur());
            jdbc.sql("insert into product_prices (product_id, currency, unit_price) values (:id, 'EUR', :eur), (:id, 'USD', :usd)")
                    .param("id", id).param("eur", eur).param("usd", price(eur, "USD")).update();
            ids.put(p.sku(), id);
        }
        return ids;
    }

    private static BigDecimal price(BigDecimal eur, String currency) {
        return currency.equals("USD") ? eur.multiply(new BigDecimal("1.10")).setScale(0, RoundingMode.HALF_UP).subtract(new BigDecimal("0.01")).max(BigDecimal.ONE)
                : eur;
    }

    /** Who buys what and when: about half the contacts are customers, each with a segment and one to six orders. */
    private List<DemoOrder> plan(Random random) {
        List<Object[]> contacts = jdbc.sql("select id, account_id from contacts order by id")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2)}).list();
        List<DemoOrder> orders = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant start = now.minus(Duration.ofDays(540));
        int n = 0;
        for (int round = 0; orders.size() < TARGET_ORDERS && round < 10; round++) {
            for (Object[] c : contacts) {
                if (orders.size() >= TARGET_ORDERS) break;
                if (round == 0 && random.nextDouble() < 0.45) continue;
                if (round > 0 && random.nextDouble() < 0.8) continue;
                long contactId = (Long) c[0];
                Long accountId = (Long) c[1];
                Segment segment = SEGMENTS.get((int) (contactId % SEGMENTS.size()));
                String currency = contactId % 10 < 3 ? "USD" : "EUR";
                int count = 1 + (int) Math.min(5, Math.floor(-Math.log(1 - random.nextDouble()) * 1.4));
                Instant at = start.plus(Duration.ofMinutes((long) (random.nextDouble() * Duration.between(start, now).toMinutes() * 0.6)));
                String main = segment.tiers().get(random.nextDouble() < 0.7 ? 0 : 1);
                List<String> owned = new ArrayList<>();
                for (int k = 0; k < count && at.isBefore(now); k++) {
                    List<Line> lines = new ArrayList<>();
                    if (k == 0) {
                        lines.add(new Line(main, 1 + random.nextInt(10)));
                        owned.add(main);
                        segment.companions().forEach((sku, p) -> {
                            if (random.nextDouble() < p) {
                                lines.add(new Line(sku, sku.startsWith("SUP") || sku.equals("ONBOARD") || sku.equals("MIGRATION") ? 1 : 1 + random.nextInt(5)));
                                owned.add(sku);
                            }
                        });
                    } else {
                        // later: an upgrade of something owned, or a companion not bought yet
                        String up = owned.stream().filter(NEXT_TIER::containsKey).skip(random.nextInt(Math.max(1, owned.size()))).findFirst().orElse(null);
                        if (up != null && random.nextDouble() < 0.45) {
                            String next = NEXT_TIER.get(up);
                            lines.add(new Line(next, 1 + random.nextInt(10)));
                            owned.remove(up);
                            owned.add(next);
                        }
                        for (Map.Entry<String, Double> e : segment.companions().entrySet()) {
                            if (!owned.contains(e.getKey()) && random.nextDouble() < e.getValue() * 0.5) {
                                lines.add(new Line(e.getKey(), 1 + random.nextInt(3)));
                                owned.add(e.getKey());
                            }
                        }
                        if (lines.isEmpty()) lines.add(new Line(random.nextDouble() < 0.5 ? "STO-100G" : "API-10K", 1 + random.nextInt(3)));
                    }
                    String status = at.isAfter(now.minus(Duration.ofDays(3))) ? "PAID" : random.nextDouble() < 0.04 ? "REFUNDED" : "COMPLETED";
                    String channel = (new String[] {"WEB", "WEB", "WEB", "SALES", "SALES", "PHONE", "MARKETPLACE"})[random.nextInt(7)];
                    orders.add(new DemoOrder("D-" + (10000 + ++n), contactId, accountId, at, currency, channel, status, lines));
                    at = at.plus(Duration.ofDays(20 + random.nextInt(120)));
                }
            }
        }
        return orders;
    }

    private static Map<String, Double> odds(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Double) pairs[i + 1]);
        return m;
    }
}
