package io.rapport.sales.demo;

import io.rapport.sales.scoring.LeadScoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After the demo users and customers (orders 10, 20): a "Contact us" web form, a few scoring and assignment rules,
 * and about 150 leads with behaviour events over the last 60 days, scored by the rules. Fixed seed, set-based SQL.
 */
@Component
@Order(40)
class DemoLeadSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoLeadSeeder.class);

    private final JdbcClient jdbc;
    private final LeadScoring scoring;
    private final TransactionTemplate tx;
    private final boolean demo;

    DemoLeadSeeder(JdbcClient jdbc, LeadScoring scoring, TransactionTemplate tx, @Value("${rapport.demo}") boolean demo) {
        this.jdbc = jdbc;
        this.scoring = scoring;
        this.tx = tx;
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo || jdbc.sql("select exists (select 1 from leads) or exists (select 1 from web_forms)").query(Boolean.class).single()) {
            return;
        }
        Integer leads = tx.execute(status -> {
            jdbc.sql("select setseed(0.17)").query().singleRow();
            jdbc.sql(FORM).update();
            jdbc.sql(SCORING_RULES).update();
            jdbc.sql(ASSIGNMENT_RULES).update();
            int n = jdbc.sql(LEADS).update();
            jdbc.sql(EVENTS).update();
            jdbc.sql("update leads l set last_activity_at = e.last from (select lead_id, max(occurred_at) as last from lead_events group by lead_id) e where e.lead_id = l.id").update();
            jdbc.sql(NEEDS).update();
            return n;
        });
        scoring.rescoreAll();
        log.info("Seeded demo leads: {} leads with events, a web form, scoring and assignment rules", leads);
    }

    private static final String FORM = """
            insert into web_forms (public_key, name, fields, consent_text, thank_you_text, source, campaign)
            values ('demo-contact-us-form-0001', 'Contact us',
                    '[{"field":"firstName","required":false},{"field":"lastName","required":true},{"field":"email","required":true},
                      {"field":"company","required":false},{"field":"jobTitle","required":false},{"field":"country","required":false},
                      {"field":"notes","required":false}]',
                    'I agree to receive product news by e-mail and can unsubscribe at any time.',
                    'Thank you! Someone from our sales team will reply within one business day.', 'Web form', 'website-contact')
            """;

    private static final String SCORING_RULES = """
            insert into lead_scoring_rules (name, kind, field, operator, value, event_type, url_contains, days, points) values
              ('Director-level title', 'ATTRIBUTE', 'jobTitle', 'CONTAINS', 'Director', null, null, null, 10),
              ('Head of a department', 'ATTRIBUTE', 'jobTitle', 'CONTAINS', 'Head', null, null, null, 8),
              ('Company over 200 employees', 'ATTRIBUTE', 'companySize', 'GT', '200', null, null, null, 15),
              ('No e-mail address', 'ATTRIBUTE', 'email', 'IS_EMPTY', null, null, null, null, -5),
              ('Visited the pricing page', 'BEHAVIOUR', null, null, null, 'page_visit', 'pricing', null, 5),
              ('Opened a campaign e-mail', 'BEHAVIOUR', null, null, null, 'email_open', null, null, 3),
              ('Submitted a form', 'BEHAVIOUR', null, null, null, 'form_submit', null, null, 5),
              ('No activity in 30 days', 'INACTIVITY', null, null, null, null, null, 30, -10)
            """;

    /** DACH leads to the first sales team's round robin; the rest round robin over the second sales team. */
    private static final String ASSIGNMENT_RULES = """
            insert into lead_assignment_rules (name, position, field, match_values, team_id)
            select r.name, r.position, r.field, r.vals, t.id
            from (values ('DACH territory', 10, 'country', array['DE','AT','CH'], 1),
                         ('Everyone else', 20, null, array[]::text[], 2)) as r(name, position, field, vals, pick)
            join (select id, row_number() over (order by id) as n from teams t
                  where exists (select 1 from users u where u.team_id = t.id and u.role = 'SALES' and u.active)) t
              on t.n = r.pick
            """;

    private static final String LEADS = """
            insert into leads (first_name, last_name, email, company, job_title, company_size, website, country, source,
                               campaign, status, owner_id, team_id, email_consent, email_consent_at, email_consent_text,
                               created_at, updated_at, web_form_id)
            select f.name, l.name,
                   lower(f.name || '.' || l.name || g.i) || '@' || lower(replace(c.name, ' ', '')) || '.example',
                   c.name, (array['Director of Operations','Head of Sales','IT Manager','Marketing Director','CFO',
                                  'Office Manager','Procurement Lead','Head of IT'])[1 + floor(random() * 8)::int],
                   (array[8, 35, 120, 250, 800, 3000])[1 + floor(random() * 6)::int],
                   'https://www.' || lower(replace(c.name, ' ', '')) || '.example',
                   (array['DE','AT','CH','US','GB','FR','NL','US'])[1 + floor(random() * 8)::int],
                   s.source, s.campaign,
                   (array['NEW','NEW','NEW','WORKING','WORKING','QUALIFIED','DISQUALIFIED'])[1 + floor(random() * 7)::int],
                   o.id, o.team_id, s.source = 'Web form', case when s.source = 'Web form' then g.at end,
                   case when s.source = 'Web form' then 'I agree to receive product news by e-mail and can unsubscribe at any time.' end,
                   g.at, g.at, case when s.source = 'Web form' then (select id from web_forms where public_key = 'demo-contact-us-form-0001') end
            from (select i, now() - random() * interval '60 days' as at, floor(random() * 20)::int as fi,
                         floor(random() * 20)::int as li, floor(random() * 12)::int as ci, floor(random() * 4)::int as si,
                         random() as oi
                  from generate_series(1, 150) i) g
            join (select name, row_number() over () - 1 as n from unnest(array['Anna','Ben','Clara','David','Elena','Felix',
                  'Greta','Hugo','Ines','Jonas','Katrin','Lukas','Mia','Noah','Olga','Paul','Rosa','Simon','Tara','Yusuf']) name) f on f.n = g.fi
            join (select name, row_number() over () - 1 as n from unnest(array['Albers','Brandt','Castillo','Dietrich','Eriksen',
                  'Fischer','Gruber','Huber','Ivanova','Jensen','Keller','Lindqvist','Moreau','Novak','Okafor','Peters',
                  'Quinn','Richter','Schulz','Tanaka']) name) l on l.n = g.li
            join (select name, row_number() over () - 1 as n from unnest(array['Nordwind Logistics','Alpenglanz','Brightline Media',
                  'Kessler Maschinenbau','Harbor Foods','Vireo Health','Stellar Freight','Quantum Tiles','Greenfield Energy',
                  'Lumen Analytics','Baltic Textiles','Copperleaf Software']) name) c on c.n = g.ci
            join (values (0, 'Web form', 'website-contact'), (1, 'Trade show', 'expo-2026'), (2, 'Webinar', 'spring-webinar'),
                         (3, 'Referral', null)) as s(n, source, campaign) on s.n = g.si
            left join lateral (select u.id, u.team_id from users u where u.active and u.role = 'SALES'
                               order by u.id offset floor(g.oi * (select count(*) from users where active and role = 'SALES'))::int
                               limit 1) o on true
            """;

    private static final String EVENTS = """
            insert into lead_events (lead_id, type, url, occurred_at)
            select l.id, e.type, e.url, l.created_at + random() * (now() - l.created_at)
            from leads l
            -- l.id inside the lateral makes PostgreSQL draw new random numbers per lead instead of once
            cross join lateral (select floor(random() * 5 + 0 * l.id)::int as pick
                                from generate_series(1, floor(random() * 5 + 0 * l.id)::int)) p
            join (values (0, 'page_visit', 'https://www.example.com/pricing'), (1, 'page_visit', 'https://www.example.com/features'),
                         (2, 'email_open', null), (3, 'page_visit', 'https://www.example.com/blog/crm-basics'),
                         (4, 'email_click', 'https://www.example.com/webinar')) as e(pick, type, url) on e.pick = p.pick
            """;

    private static final String NEEDS = """
            insert into needs_assessments (lead_id, pains, goals, budget, budget_currency, authority, decision_timeline)
            select id, 'Spreadsheets for follow-ups; deals fall through the cracks.', 'One pipeline view for the whole sales team.',
                   (array[5000, 12000, 25000, 60000])[1 + floor(random() * 4)::int], 'EUR', job_title, 'Decision this quarter'
            from leads where status in ('QUALIFIED', 'WORKING') and random() < 0.5
            """;
}
