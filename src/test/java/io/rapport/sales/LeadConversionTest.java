package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Conversion: contact + account (matched when they exist and are visible) + optional deal, history kept, once only. */
@IntegrationTest
class LeadConversionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    ApiFixtures fx;
    LeadFixtures leads;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        leads = new LeadFixtures(api, admin);
    }

    long count(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    Map<String, Long> totals() {
        return Map.of("contacts", jdbc.sql("select count(*) from contacts").query(Long.class).single(),
                "accounts", jdbc.sql("select count(*) from accounts").query(Long.class).single(),
                "deals", jdbc.sql("select count(*) from deals").query(Long.class).single(),
                "activities", jdbc.sql("select count(*) from activities").query(Long.class).single());
    }

    @Test
    void convertsIntoNewContactAccountAndDealKeepingTheLeadsHistory() {
        String domain = Api.unique("fresh").toLowerCase() + ".example";
        JsonNode lead = leads.lead(admin, Map.of("firstName", "Linus", "lastName", "Fresh", "email", "linus@" + domain,
                "company", "Fresh Co " + domain, "website", "https://www." + domain + "/about", "jobTitle", "CTO",
                "notes", "Met at the expo; wants a demo.", "source", "Trade show", "campaign", "expo"));
        long id = lead.get("id").asLong();
        api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"url\":\"https://" + domain + "/pricing\"}");
        api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"email_open\"}");
        api.send("PUT", "/api/v1/leads/" + id + "/needs-assessment", admin,
                "{\"pains\":\"Lost leads\",\"goals\":\"Close faster\",\"budget\":9000,\"budgetCurrency\":\"USD\",\"authority\":\"CTO\"}", Map.of());

        JsonNode preview = api.get("/api/v1/leads/" + id + "/convert", admin).json();
        assertThat(preview.get("contactId").isNull()).isTrue();
        assertThat(preview.get("accountId").isNull()).isTrue();
        assertThat(preview.get("accountDomain").asString()).isEqualTo(domain);

        Api.Response converted = api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"amount\":12000.50}");
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        JsonNode result = converted.json();
        assertThat(result.get("contactMatched").asBoolean()).isFalse();
        assertThat(result.get("accountMatched").asBoolean()).isFalse();
        long contactId = result.get("contactId").asLong();
        long accountId = result.get("accountId").asLong();
        long dealId = result.get("dealId").asLong();

        JsonNode contact = api.get("/api/v1/contacts/" + contactId, admin).json();
        assertThat(contact.get("emails").get(0).asString()).isEqualTo("linus@" + domain);
        assertThat(contact.get("accountId").asLong()).isEqualTo(accountId);
        assertThat(contact.get("jobTitle").asString()).isEqualTo("CTO");
        assertThat(api.get("/api/v1/accounts/" + accountId, admin).json().get("domain").asString()).isEqualTo(domain);
        // the deal: the lead's currency from its needs assessment, the amount given, the lead and contact linked
        Map<String, Object> deal = jdbc.sql("select * from deals where id = :id").param("id", dealId).query().singleRow();
        assertThat(deal.get("currency")).isEqualTo("USD");
        assertThat(deal.get("lead_id")).isEqualTo(id);
        assertThat(deal.get("account_id")).isEqualTo(accountId);
        assertThat(count("select count(*) from deal_contacts where deal_id = :id", dealId)).isEqualTo(1);
        assertThat(jdbc.sql("select pains from needs_assessments where deal_id = :id").param("id", dealId).query(String.class).single())
                .isEqualTo("Lost leads");
        // history on the contact's timeline: capture, notes, needs and both events
        List<String> subjects = jdbc.sql("select subject from activities where contact_id = :id and source = 'lead' order by occurred_at")
                .param("id", contactId).query(String.class).list();
        assertThat(subjects).hasSize(5).contains("Lead captured: Trade show · expo", "Lead notes", "Needs assessment",
                "Lead page visit", "Lead email open");

        JsonNode after = api.get("/api/v1/leads/" + id, admin).json();
        assertThat(after.get("status").asString()).isEqualTo("CONVERTED");
        assertThat(after.get("convertedContactId").asLong()).isEqualTo(contactId);
        assertThat(after.get("convertedDealId").asLong()).isEqualTo(dealId);
        assertThat(count("select count(*) from audit_log where entity_type = 'LEAD' and entity_id = :id and action = 'CONVERT'", id)).isEqualTo(1);

        // twice: 409, nothing written
        Map<String, Long> before = totals();
        assertProblem(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"EUR\"}"), 409);
        assertThat(totals()).isEqualTo(before);
        // a converted lead is history: no more edits or events
        assertProblem(api.patch("/api/v1/leads/" + id, admin, "{\"status\":\"WORKING\",\"version\":" + after.get("version").asInt() + "}"), 409);
        assertProblem(api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"email_open\"}"), 409);
    }

    @Test
    void matchesAnExistingContactByEmailAndAccountsByDomainOrExactName() {
        String domain = Api.unique("known").toLowerCase() + ".example";
        long account = fx.account(admin, "{\"name\":\"Known %s\",\"domain\":\"%s\"}".formatted(domain, domain)).get("id").asLong();
        long contact = fx.contact(admin, "{\"lastName\":\"Known\",\"emails\":[\"KNOWN@%s\"],\"accountId\":%d}".formatted(domain, account)).get("id").asLong();
        Map<String, Long> before = totals();

        long sameEmail = leads.lead(admin, Map.of("lastName", "Known", "email", "known@" + domain, "company", "Whatever")).get("id").asLong();
        JsonNode preview = api.get("/api/v1/leads/" + sameEmail + "/convert", admin).json();
        assertThat(preview.get("contactId").asLong()).isEqualTo(contact);
        assertThat(preview.get("accountId").asLong()).isEqualTo(account);
        JsonNode r1 = api.post("/api/v1/leads/" + sameEmail + "/convert", admin, "{}").json();
        assertThat(r1.get("contactId").asLong()).isEqualTo(contact);
        assertThat(r1.get("contactMatched").asBoolean()).isTrue();
        assertThat(r1.get("accountId").asLong()).isEqualTo(account);
        assertThat(r1.get("dealId").isNull()).isTrue();

        // a colleague at the same domain: new contact, existing account
        long colleague = leads.lead(admin, Map.of("lastName", "Colleague", "email", "other@" + domain)).get("id").asLong();
        JsonNode r2 = api.post("/api/v1/leads/" + colleague + "/convert", admin, "{\"createDeal\":false}").json();
        assertThat(r2.get("contactMatched").asBoolean()).isFalse();
        assertThat(r2.get("accountId").asLong()).isEqualTo(account);
        assertThat(r2.get("accountMatched").asBoolean()).isTrue();

        // a free-mail address with the exact company name (any case): the account by name
        long byName = leads.lead(admin, Map.of("lastName", "Freemail", "email", Api.unique("x") + "@gmail.com",
                "company", "KNOWN " + domain.toUpperCase())).get("id").asLong();
        JsonNode r3 = api.post("/api/v1/leads/" + byName + "/convert", admin, "{}").json();
        assertThat(r3.get("accountId").asLong()).isEqualTo(account);

        Map<String, Long> after = totals();
        assertThat(after.get("accounts")).isEqualTo(before.get("accounts"));
        assertThat(after.get("contacts")).isEqualTo(before.get("contacts") + 2);
    }

    @Test
    void matchesOnlyRecordsTheConvertingSellerCanSee() {
        String domain = Api.unique("hidden").toLowerCase() + ".example";
        ApiFixtures.User other = fx.user("SALES", fx.team());
        ApiFixtures.User seller = fx.user("SALES", fx.team());
        long hiddenAccount = fx.account("Hidden " + domain, "t", other.id()).get("id").asLong();
        jdbc.sql("update accounts set domain = :d where id = :id").param("d", domain).param("id", hiddenAccount).update();
        long hiddenContact = fx.contact(admin, "{\"lastName\":\"Hidden\",\"emails\":[\"h@%s\"],\"ownerId\":%d}".formatted(domain, other.id()))
                .get("id").asLong();

        long lead = leads.lead(seller.token(), Map.of("lastName", "Hidden", "email", "h@" + domain)).get("id").asLong();
        Api.Response r = api.post("/api/v1/leads/" + lead + "/convert", seller.token(), "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("contactId").asLong()).isNotEqualTo(hiddenContact);
        assertThat(r.json().get("accountId").asLong()).isNotEqualTo(hiddenAccount);
        assertThat(api.get("/api/v1/contacts/" + r.json().get("contactId").asLong(), seller.token()).status()).isEqualTo(200);
    }

    @Test
    void badConversionInputIsRefusedAndNothingIsWritten() {
        long id = leads.lead(admin, Map.of("lastName", "Careful", "email", Api.unique("c") + "@careful.example", "company", "Careful")).get("id").asLong();
        Map<String, Long> before = totals();
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"amount\":-5,\"currency\":\"EUR\"}"), "amount");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"ABC\"}"), "currency");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true}"), "currency");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"EUR\",\"pipelineId\":987654321}"), "pipelineId");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":\"yes\"}"), "createDeal");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"EUR\",\"closeDate\":\"soon\"}"), "closeDate");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"EUR\",\"dealName\":\"" + "d".repeat(201) + "\"}"), "dealName");
        assertInvalid(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"sparkle\":true}"), "sparkle");
        assertProblem(api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":"), 400);
        assertThat(totals()).isEqualTo(before);
        assertThat(api.get("/api/v1/leads/" + id, admin).json().get("status").asString()).isEqualTo("NEW");
    }

    @Test
    void aConvertedLeadFollowsItsContactThroughAMergeAndBackOnUndo() {
        long lead = leads.lead(admin, Map.of("lastName", "Merged", "email", Api.unique("m") + "@merge.example")).get("id").asLong();
        long contact = api.post("/api/v1/leads/" + lead + "/convert", admin, "{}").json().get("contactId").asLong();
        JsonNode survivor = fx.contact(admin, "{\"lastName\":\"Survivor\"}");
        JsonNode merged = api.get("/api/v1/contacts/" + contact, admin).json();
        Api.Response merge = api.post("/api/v1/contacts/" + survivor.get("id").asLong() + "/merge", admin,
                "{\"otherId\":%d,\"version\":%d,\"otherVersion\":%d,\"fields\":{}}".formatted(contact,
                        survivor.get("version").asInt(), merged.get("version").asInt()));
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/leads/" + lead, admin).json().get("convertedContactId").asLong()).isEqualTo(survivor.get("id").asLong());
        long mergeId = merge.json().get("merge").get("id").asLong();
        assertThat(api.post("/api/v1/contacts/merges/" + mergeId + "/undo", admin, null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/leads/" + lead, admin).json().get("convertedContactId").asLong()).isEqualTo(contact);
    }

    @Test
    void twoConcurrentConversionsOfOneLeadMakeOneContactAndOneConflict() throws Exception {
        String email = Api.unique("race") + "@race.example";
        long id = leads.lead(admin, Map.of("lastName", "Race", "email", email, "company", "Race " + email)).get("id").asLong();
        java.util.List<java.util.concurrent.Future<Api.Response>> tries = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                tries.add(pool.submit(() -> api.post("/api/v1/leads/" + id + "/convert", admin, "{\"createDeal\":true,\"currency\":\"EUR\"}")));
            }
        }
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (var t : tries) statuses.add(t.get().status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(jdbc.sql("select count(*) from contacts where :email = any(emails)").param("email", email).query(Long.class).single()).isEqualTo(1);
        assertThat(count("select count(*) from deals where lead_id = :id", id)).isEqualTo(1);
    }
}
