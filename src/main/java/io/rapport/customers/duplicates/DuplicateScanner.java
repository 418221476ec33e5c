package io.rapport.customers.duplicates;

import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds possible duplicates over a whole table without comparing every pair: records are grouped into blocks
 * (same e-mail, same phone digits, same account or organisation e-mail domain plus the same first or last name),
 * and only records inside one block are compared, by pg_trgm similarity of their names. Each step is one SQL
 * statement over the table; found reasons land in {@code duplicate_candidates} and are combined per pair at the end.
 */
@Component
class DuplicateScanner {

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateScanner.class);

    /** Step names shown as progress, per entity. */
    static final List<String> CONTACT_STEPS = List.of("same e-mail", "same phone", "similar names at one organisation", "saving pairs");
    static final List<String> ACCOUNT_STEPS = List.of("same domain", "similar names", "saving pairs");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DuplicateRules rules;

    DuplicateScanner(JdbcClient jdbc, TransactionTemplate tx, DuplicateRules rules) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.rules = rules;
    }

    /** Runs every step of the scan; {@code progress} hears the index of each step as it starts. Returns open pairs found. */
    int scan(long scanId, String entity, IntConsumer progress) {
        jdbc.sql("delete from duplicate_candidates where scan_id = :scan").param("scan", scanId).update();
        if (entity.equals("CONTACT")) {
            progress.accept(0);
            timed("e-mail", () -> sameKey(scanId, "email", "same e-mail", DuplicateRules.SAME_EMAIL,
                    "select distinct c.id, lower(v) as k from contacts c cross join unnest(c.emails) v"));
            progress.accept(1);
            // digits only: "+49 151 234", "+49151234" and "0049-151-234" are one number
            timed("phone", () -> sameKey(scanId, "phone", "same phone", DuplicateRules.SAME_PHONE, """
                    select distinct c.id, right(regexp_replace(v, '\\D', '', 'g'), 10) as k
                      from contacts c cross join unnest(c.phones) v where length(regexp_replace(v, '\\D', '', 'g')) >= 7"""));
            progress.accept(2);
            timed("names", () -> similarContactNames(scanId));
        } else {
            progress.accept(0);
            timed("domain", () -> sameKey(scanId, "domain", "same domain", DuplicateRules.SAME_EMAIL,
                    "select id, lower(domain) as k from accounts where domain is not null and domain <> ''"));
            progress.accept(1);
            timed("names", () -> similarAccountNames(scanId));
        }
        progress.accept(entity.equals("CONTACT") ? 3 : 2);
        return timed("save", () -> save(scanId, entity));
    }

    /** Every pair of records sharing a key (from {@code keys}: columns id, k), in blocks of at most MAX_BLOCK. */
    private int sameKey(long scanId, String kind, String reason, double score, String keys) {
        return jdbc.sql("""
                insert into duplicate_candidates (scan_id, low_id, high_id, kind, reason, score)
                select :scan, b.ids[i], b.ids[j], :kind, :reason, :score
                  from (select k, array_agg(id order by id) as ids from (%s) keyed
                         group by k having count(*) between 2 and :maxBlock) b,
                       generate_series(1, cardinality(b.ids)) i, generate_series(1, cardinality(b.ids)) j
                 where i < j""".formatted(keys))
                .param("scan", scanId).param("kind", kind).param("reason", reason).param("score", score)
                .param("maxBlock", DuplicateRules.MAX_BLOCK).update();
    }

    /**
     * Blocks: the same account, or the same organisation domain of the primary e-mail (the domain of some account,
     * never a free-mail provider); inside it, the same last name or the same first name. A typo or nickname in one of
     * the two names still shares the other.
     */
    private int similarContactNames(long scanId) {
        return jdbc.sql("""
                insert into duplicate_candidates (scan_id, low_id, high_id, kind, reason, score)
                with orgs as (
                    select distinct lower(domain) as d from accounts
                     where domain is not null and domain <> '' and lower(domain) <> all(:providers)),
                keyed as (
                    select c.id, lower(c.first_name || ' ' || c.last_name) as nm, g.grp, g.kind, k.k
                      from contacts c
                      left join orgs o on o.d = split_part(lower(c.emails[1]), '@', 2)
                      cross join lateral (values ('a' || c.account_id, 'account'), ('d' || o.d, 'domain')) g(grp, kind)
                      cross join lateral (values ('l' || lower(c.last_name)),
                                                 (case when c.first_name <> '' then 'f' || lower(c.first_name) end)) k(k)
                     where g.grp is not null and k.k is not null),
                blocks as (
                    select grp, kind, array_agg(id order by id) as ids, array_agg(nm order by id) as nms
                      from keyed group by grp, kind, k having count(*) between 2 and :maxBlock)
                select :scan, b.ids[i], b.ids[j], 'name',
                       'similar name ' || to_char(x.s, 'FM0.00') || case when b.kind = 'account' then ' at same account'
                                                                   else ' at same e-mail domain ' || substr(b.grp, 2) end,
                       round((x.s * case when b.kind = 'account' then 1 else :domainFactor end)::numeric, 3)
                  from blocks b, generate_series(1, cardinality(b.ids)) i, generate_series(1, cardinality(b.ids)) j,
                       lateral (select similarity(b.nms[i], b.nms[j]) as s) x
                 where i < j and x.s >= :threshold""")
                .param("scan", scanId).param("providers", DuplicateRules.PROVIDERS.toArray(String[]::new))
                .param("maxBlock", DuplicateRules.MAX_BLOCK)
                .param("domainFactor", DuplicateRules.DOMAIN_FACTOR).param("threshold", rules.nameThreshold()).update();
    }

    /** Accounts: nearest names through the trigram index ("%" uses the transaction's similarity threshold). */
    private int similarAccountNames(long scanId) {
        Integer rows = tx.execute(status -> {
            jdbc.sql("select set_config('pg_trgm.similarity_threshold', :t, true)")
                    .param("t", String.valueOf(DuplicateRules.ACCOUNT_NAME_THRESHOLD)).query(String.class).single();
            return jdbc.sql("""
                    insert into duplicate_candidates (scan_id, low_id, high_id, kind, reason, score)
                    select :scan, a.id, b.id, 'name', 'similar name ' || to_char(x.s, 'FM0.00'), round(x.s::numeric, 3)
                      from accounts a join accounts b on lower(b.name) % lower(a.name) and b.id > a.id,
                           lateral (select similarity(lower(a.name), lower(b.name)) as s) x""")
                    .param("scan", scanId).update();
        });
        return rows == null ? 0 : rows;
    }

    /** One row per pair: the best reason of each kind, score = best + a bonus per further kind; dismissed pairs stay. */
    private int save(long scanId, String entity) {
        Integer found = tx.execute(status -> {
            jdbc.sql("""
                    insert into duplicate_pairs (entity, low_id, high_id, score, reasons, scan_id)
                    select :entity, low_id, high_id, least(1, max(score) + :extra * (count(*) - 1)),
                           array_agg(reason order by score desc), :scan
                      from (select distinct on (low_id, high_id, kind) low_id, high_id, kind, reason, score
                              from duplicate_candidates where scan_id = :scan
                             order by low_id, high_id, kind, score desc) best
                     group by low_id, high_id
                    on conflict (entity, low_id, high_id) do update
                       set score = excluded.score, reasons = excluded.reasons, scan_id = excluded.scan_id
                     where duplicate_pairs.status = 'OPEN'""")
                    .param("entity", entity).param("scan", scanId).param("extra", DuplicateRules.EXTRA_REASON).update();
            // open pairs an earlier scan found but this one did not (the records changed) are gone
            jdbc.sql("delete from duplicate_pairs where entity = :entity and status = 'OPEN' and scan_id is distinct from :scan")
                    .param("entity", entity).param("scan", scanId).update();
            jdbc.sql("delete from duplicate_candidates where scan_id = :scan").param("scan", scanId).update();
            return jdbc.sql("select count(*) from duplicate_pairs where entity = :entity and status = 'OPEN'")
                    .param("entity", entity).query(Integer.class).single();
        });
        return found == null ? 0 : found;
    }

    private static int timed(String step, java.util.function.IntSupplier work) {
        long started = System.nanoTime();
        int rows = work.getAsInt();
        LOG.info("Duplicate scan step {}: {} rows in {} ms", step, rows, (System.nanoTime() - started) / 1_000_000);
        return rows;
    }
}
