package io.rapport.sales;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.rapport.sales.scoring.LeadScoring;
import tools.jackson.databind.JsonNode;

/**
 * Scoring rules give points with reasons and are reapplied on every change; assignment rules hand new leads out
 * in order, round robin fairly even when leads arrive concurrently. Rules are global, so each test keys its rules
 * to values only its own leads have and removes them at the end.
 */
@IntegrationTest
class ScoringAndAssignmentTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LeadScoring scoring;
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

    static Map<String, Integer> reasons(JsonNode lead) {
        Map<String, Integer> m = new HashMap<>();
        lead.get("scoreReasons").forEach(r -> m.put(r.get("rule").asString(), r.get("points").asInt()));
        return m;
    }

    @Test
    void scoresAttributesAndBehaviourWithReasonsAndRecomputesOnEveryChange() {
        String token = Api.unique("tok").replace("-", "");
        String title = "Director " + token;
        String pricing = "/pricing-" + token;
        List<Long> rules = new ArrayList<>();
        try {
            rules.add(leads.scoringRule("{\"name\":\"Title %s\",\"kind\":\"ATTRIBUTE\",\"field\":\"jobTitle\",\"operator\":\"contains\",\"value\":\"%s\",\"points\":10}"
                    .formatted(token, token)).get("id").asLong());
            rules.add(leads.scoringRule("{\"name\":\"Big %s\",\"kind\":\"ATTRIBUTE\",\"field\":\"companySize\",\"operator\":\"GT\",\"value\":\"200\",\"points\":15}"
                    .formatted(token)).get("id").asLong());
            rules.add(leads.scoringRule("{\"name\":\"Pricing %s\",\"kind\":\"BEHAVIOUR\",\"eventType\":\"page_visit\",\"urlContains\":\"%s\",\"points\":5}"
                    .formatted(token, pricing)).get("id").asLong());

            JsonNode lead = leads.lead(admin, Map.of("lastName", "Scored", "jobTitle", title, "companySize", 150));
            long id = lead.get("id").asLong();
            assertThat(reasons(lead)).containsEntry("Title " + token, 10).doesNotContainKey("Big " + token);
            int base = lead.get("score").asInt();
            assertThat(base).isEqualTo(reasons(lead).values().stream().mapToInt(Integer::intValue).sum());

            // an edit: company grows past 200
            Api.Response grown = api.patch("/api/v1/leads/" + id, admin, "{\"companySize\":450,\"version\":0}");
            assertThat(grown.status()).as(grown.body()).isEqualTo(200);
            assertThat(reasons(grown.json())).containsEntry("Big " + token, 15);
            assertThat(grown.json().get("score").asInt()).isEqualTo(base + 15);

            // an event: a visit to some other page counts nothing, the pricing page does
            api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"url\":\"https://x.example/blog\"}");
            assertThat(reasons(api.get("/api/v1/leads/" + id, admin).json())).doesNotContainKey("Pricing " + token);
            api.post("/api/v1/leads/" + id + "/events", admin, "{\"type\":\"page_visit\",\"url\":\"https://x.example" + pricing + "?plan=pro\"}");
            JsonNode visited = api.get("/api/v1/leads/" + id, admin).json();
            assertThat(reasons(visited)).containsEntry("Pricing " + token, 5);
            assertThat(visited.get("score").asInt()).isEqualTo(base + 20);

            // a rule change: removing the title rule rescores the lead
            leads.deleteScoringRule(rules.removeFirst());
            JsonNode after = api.get("/api/v1/leads/" + id, admin).json();
            assertThat(reasons(after)).doesNotContainKey("Title " + token);
            assertThat(after.get("score").asInt()).isEqualTo(base + 10);
        } finally {
            rules.forEach(leads::deleteScoringRule);
        }
    }

    @Test
    void anInactivityRuleTakesPointsAwayFromLeadsQuietForLongerThanItsDays() {
        String token = Api.unique("quiet");
        long quiet = leads.leadOwnedBy(null, "Quiet");
        long busy = leads.leadOwnedBy(null, "Busy");
        jdbc.sql("update leads set created_at = now() - interval '40 days' where id in (:a, :b)").param("a", quiet).param("b", busy).update();
        api.post("/api/v1/leads/" + busy + "/events", admin, "{\"type\":\"email_open\"}");
        long rule = leads.scoringRule("{\"name\":\"Quiet %s\",\"kind\":\"INACTIVITY\",\"days\":30,\"points\":-10}".formatted(token)).get("id").asLong();
        try {
            scoring.rescoreAll();  // what the recurring decay job runs
            assertThat(reasons(api.get("/api/v1/leads/" + quiet, admin).json())).containsEntry("Quiet " + token, -10);
            assertThat(reasons(api.get("/api/v1/leads/" + busy, admin).json())).doesNotContainKey("Quiet " + token);
        } finally {
            leads.deleteScoringRule(rule);
        }
        assertThat(reasons(api.get("/api/v1/leads/" + quiet, admin).json())).doesNotContainKey("Quiet " + token);
    }

    @Test
    void refusesBadScoringRulesAndLetsOnlyAdminsManageThem() {
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"MOOD\",\"points\":1}"), "kind");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"ATTRIBUTE\",\"field\":\"salary\",\"operator\":\"EQUALS\",\"value\":\"1\",\"points\":1}"), "field");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"ATTRIBUTE\",\"field\":\"companySize\",\"operator\":\"GT\",\"value\":\"big\",\"points\":1}"), "value");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"ATTRIBUTE\",\"field\":\"country\",\"operator\":\"LIKE\",\"value\":\"DE\",\"points\":1}"), "operator");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"BEHAVIOUR\",\"points\":1}"), "eventType");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"INACTIVITY\",\"days\":0,\"points\":-1}"), "days");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":\"x\",\"kind\":\"INACTIVITY\",\"days\":30}"), "points");
        assertInvalid(api.post("/api/v1/lead-scoring-rules", admin, "{\"kind\":\"INACTIVITY\",\"days\":30,\"points\":5000}"), "name", "points");
        assertProblem(api.post("/api/v1/lead-scoring-rules", admin, "{\"name\":"), 400);
        assertProblem(api.delete("/api/v1/lead-scoring-rules/999999999", admin), 404);
        assertInvalid(api.post("/api/v1/lead-assignment-rules", admin, "{\"name\":\"x\",\"field\":\"country\",\"values\":[],\"userId\":1}"), "values");
        assertInvalid(api.post("/api/v1/lead-assignment-rules", admin, "{\"name\":\"x\",\"field\":\"salary\",\"values\":[\"1\"],\"userId\":1}"), "field");
        assertInvalid(api.post("/api/v1/lead-assignment-rules", admin, "{\"name\":\"x\"}"), "userId");
        assertInvalid(api.post("/api/v1/lead-assignment-rules", admin, "{\"name\":\"x\",\"teamId\":987654321}"), "teamId");
        assertProblem(api.delete("/api/v1/lead-assignment-rules/999999999", admin), 404);
        for (String role : List.of("MANAGER", "SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            String t = fx.user(role, null).token();
            assertProblem(api.get("/api/v1/lead-scoring-rules", t), 403);
            assertProblem(api.post("/api/v1/lead-scoring-rules", t, "{\"name\":\"x\",\"kind\":\"INACTIVITY\",\"days\":3,\"points\":-1}"), 403);
            assertProblem(api.get("/api/v1/lead-assignment-rules", t), 403);
            assertProblem(api.post("/api/v1/lead-assignment-rules", t, "{\"name\":\"x\",\"userId\":1}"), 403);
        }
    }

    @Test
    void roundRobinSharesConcurrentLeadsEvenlyWithinTheTeamAndTerritoryRulesComeFirst() throws Exception {
        String campaign = Api.unique("rr");
        long team = fx.team();
        List<ApiFixtures.User> sellers = List.of(fx.user("SALES", team), fx.user("SALES", team), fx.user("SALES", team));
        ApiFixtures.User dach = fx.user("SALES", null);
        long territory = leads.assignmentRule("{\"name\":\"DACH %s\",\"position\":-100,\"field\":\"country\",\"values\":[\"de\",\"at\"],\"userId\":%d}"
                .formatted(campaign, dach.id())).get("id").asLong();
        long robin = leads.assignmentRule("{\"name\":\"RR %s\",\"position\":-99,\"field\":\"campaign\",\"values\":[\"%s\"],\"teamId\":%d}"
                .formatted(campaign, campaign, team)).get("id").asLong();
        try {
            List<Future<JsonNode>> created = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                for (int i = 0; i < 12; i++) {
                    int n = i;
                    created.add(pool.submit(() -> leads.lead(admin, Map.of("lastName", "Robin" + n, "campaign", campaign, "country", "FR"))));
                }
            }
            List<Long> owners = new ArrayList<>();
            for (Future<JsonNode> f : created) {
                JsonNode lead = f.get();
                owners.add(lead.get("ownerId").asLong());
                assertThat(lead.get("teamId").asLong()).isEqualTo(team);
            }
            Map<Long, Long> perOwner = owners.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perOwner.keySet()).containsExactlyInAnyOrderElementsOf(sellers.stream().map(ApiFixtures.User::id).toList());
            assertThat(perOwner.values()).containsOnly(4L);

            // territory first: a DE lead of the same campaign goes to the DACH seller
            assertThat(leads.lead(admin, Map.of("lastName", "Berlin", "campaign", campaign, "country", "DE")).get("ownerId").asLong())
                    .isEqualTo(dach.id());
            // an owner given explicitly is kept
            assertThat(leads.lead(admin, Map.of("lastName", "Mine", "campaign", campaign, "ownerId", dach.id())).get("ownerId").asLong())
                    .isEqualTo(dach.id());
            // each assigned seller sees their lead
            long someLead = created.getFirst().get().get("id").asLong();
            long owner = created.getFirst().get().get("ownerId").asLong();
            String ownerToken = sellers.stream().filter(s -> s.id() == owner).findFirst().orElseThrow().token();
            assertThat(api.get("/api/v1/leads/" + someLead, ownerToken).status()).isEqualTo(200);
            assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'LEAD_ASSIGNMENT_RULE' and entity_id = :id")
                    .param("id", robin).query(Long.class).single()).isEqualTo(1);
        } finally {
            leads.deleteAssignmentRule(territory);
            leads.deleteAssignmentRule(robin);
        }
        // without the rule nobody is assigned
        assertThat(leads.lead(admin, Map.of("lastName", "Nobody", "campaign", campaign, "country", "FR")).get("ownerId").isNull()).isTrue();
    }

    @Test
    void webFormLeadsAreAssignedByTheRulesOrGoToTheFormsTeam() {
        String campaign = Api.unique("formrr");
        long team = fx.team();
        ApiFixtures.User seller = fx.user("SALES", team);
        long formTeam = fx.team();
        JsonNode form = leads.form("{\"name\":\"Team form\",\"fields\":[\"lastName\",\"email\",\"country\"],\"campaign\":\"%s\",\"teamId\":%d}"
                .formatted(campaign, formTeam));
        long rule = leads.assignmentRule("{\"name\":\"Form %s\",\"position\":-98,\"field\":\"country\",\"values\":[\"PT\"],\"teamId\":%d}"
                .formatted(campaign, team)).get("id").asLong();
        try {
            String key = form.get("publicKey").asString();
            assertThat(api.post("/forms/" + key, null, "{\"lastName\":\"Lisbon\",\"email\":\"l@pt.example\",\"country\":\"PT\"}").status()).isEqualTo(201);
            assertThat(api.post("/forms/" + key, null, "{\"lastName\":\"Madrid\",\"email\":\"m@es.example\",\"country\":\"ES\"}").status()).isEqualTo(201);
            JsonNode lisbon = api.get("/api/v1/leads?campaign=" + campaign + "&q=lisbon", admin).json().get("items").get(0);
            assertThat(lisbon.get("ownerId").asLong()).isEqualTo(seller.id());
            JsonNode madrid = api.get("/api/v1/leads?campaign=" + campaign + "&q=madrid", admin).json().get("items").get(0);
            assertThat(madrid.get("ownerId").isNull()).isTrue();
            assertThat(madrid.get("teamId").asLong()).isEqualTo(formTeam);
        } finally {
            leads.deleteAssignmentRule(rule);
        }
    }

    @Autowired
    io.rapport.platform.jobs.JobScheduler jobs;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("leadRescoreAllTask")
    com.github.kagkarlsson.scheduler.task.Task<String> rescoreAllTask;

    @Test
    void theBackgroundRescoreJobAppliesRulesToEveryLead() {
        String token = Api.unique("job").replace("-", "");
        long id = leads.lead(admin, Map.of("lastName", "Background", "company", "Job " + token)).get("id").asLong();
        // a rule written behind the service's back, so only the job can have applied it
        long rule = jdbc.sql("""
                insert into lead_scoring_rules (name, kind, field, operator, value, points)
                values (:name, 'ATTRIBUTE', 'company', 'CONTAINS', :value, 4) returning id""")
                .param("name", "Job " + token).param("value", token).query(Long.class).single();
        try {
            assertThat(reasons(api.get("/api/v1/leads/" + id, admin).json())).doesNotContainKey("Job " + token);
            jobs.client().schedule(rescoreAllTask.instance(java.util.UUID.randomUUID().toString(), "all"), java.time.Instant.now());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(reasons(api.get("/api/v1/leads/" + id, admin).json())).containsEntry("Job " + token, 4));
        } finally {
            leads.deleteScoringRule(rule);
        }
    }
}
