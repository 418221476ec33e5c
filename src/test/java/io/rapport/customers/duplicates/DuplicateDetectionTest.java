package io.rapport.customers.duplicates;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class DuplicateDetectionTest {

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
    }

    @Test
    void createAnswersWithAHintAndNeverRefuses() {
        String mail = Api.unique("ann") + "@gmail.com";
        long first = fx.contact(admin, "{\"firstName\":\"Ann\",\"lastName\":\"Hinted\",\"emails\":[\"%s\"]}".formatted(mail)).get("id").asLong();
        Api.Response second = api.post("/api/v1/contacts", admin,
                "{\"firstName\":\"Anne\",\"lastName\":\"Other\",\"emails\":[\"%s\"]}".formatted(mail.toUpperCase()));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        long secondId = second.json().get("id").asLong();
        assertThat(second.headers().firstValue("Possible-Duplicates")).contains("1");
        assertThat(second.headers().firstValue("Link")).contains("</api/v1/contacts/" + secondId + "/duplicates>; rel=\"duplicates\"");

        JsonNode candidates = api.get("/api/v1/contacts/" + secondId + "/duplicates", admin).json();
        assertThat(ids(candidates)).containsExactly(first);
        assertThat(candidates.get(0).get("reasons").get(0).asString()).isEqualTo("same e-mail");
        assertThat(candidates.get(0).get("score").asDouble()).isEqualTo(0.95);

        Api.Response unrelated = api.post("/api/v1/contacts", admin, "{\"lastName\":\"%s\"}".formatted(Api.unique("Lonely")));
        assertThat(unrelated.headers().firstValue("Possible-Duplicates")).isEmpty();
    }

    @Test
    void findsSamePhoneInAnotherFormatAndSimilarNamesAtTheSameAccountOnly() {
        long account = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Dup Acct"))).get("id").asLong();
        long elsewhere = fx.account(admin, "{\"name\":\"%s\"}".formatted(Api.unique("Dup Other"))).get("id").asLong();
        String last = "Schn" + letters(5) + "eider";
        long katharina = fx.contact(admin, "{\"firstName\":\"Katharina\",\"lastName\":\"%s\",\"accountId\":%d}".formatted(last, account)).get("id").asLong();
        long typo = fx.contact(admin, "{\"firstName\":\"Katharina\",\"lastName\":\"%s\",\"accountId\":%d}"
                .formatted(last.replace("eider", "ieder"), account)).get("id").asLong();
        long otherAccount = fx.contact(admin, "{\"firstName\":\"Katharina\",\"lastName\":\"%s\",\"accountId\":%d}".formatted(last, elsewhere)).get("id").asLong();

        JsonNode found = api.get("/api/v1/contacts/" + typo + "/duplicates", admin).json();
        assertThat(ids(found)).containsExactly(katharina);
        assertThat(found.get(0).get("reasons").get(0).asString()).matches("similar name 0\\.\\d\\d at same account");
        assertThat(ids(api.get("/api/v1/contacts/" + otherAccount + "/duplicates", admin).json())).isEmpty();

        String digits = String.valueOf(100_0000 + (System.nanoTime() % 8_999_999)).substring(0, 7);
        long mobile = fx.contact(admin, "{\"lastName\":\"Phone One\",\"phones\":[\"+49 151 2%s\"]}".formatted(digits)).get("id").asLong();
        long same = fx.contact(admin, "{\"lastName\":\"Phone Two\",\"phones\":[\"0151-2%s\"],\"address\":{\"country\":\"DE\"}}"
                .formatted(digits)).get("id").asLong();
        JsonNode byPhone = api.get("/api/v1/contacts/" + same + "/duplicates", admin).json();
        assertThat(ids(byPhone)).containsExactly(mobile);
        assertThat(byPhone.get(0).get("reasons").get(0).asString()).isEqualTo("same phone");
    }

    @Test
    void checksOnlyAmongRecordsTheUserMaySee() {
        ApiFixtures.User seller = fx.user("SALES", null);
        String mail = Api.unique("hidden") + "@gmail.com";
        long adminsOwn = fx.contact(admin, "{\"lastName\":\"Admins\",\"emails\":[\"%s\"],\"ownerId\":%d}"
                .formatted(mail, api.get("/api/v1/me", admin).json().get("id").asLong())).get("id").asLong();
        Api.Response mine = api.post("/api/v1/contacts", seller.token(), "{\"lastName\":\"Mine\",\"emails\":[\"%s\"]}".formatted(mail));
        assertThat(mine.status()).isEqualTo(201);
        assertThat(mine.headers().firstValue("Possible-Duplicates")).isEmpty();
        assertThat(ids(api.get("/api/v1/contacts/" + mine.json().get("id").asLong() + "/duplicates", seller.token()).json())).isEmpty();
        assertThat(ids(api.get("/api/v1/contacts/" + mine.json().get("id").asLong() + "/duplicates", admin).json())).containsExactly(adminsOwn);
        assertProblem(api.get("/api/v1/contacts/" + adminsOwn + "/duplicates", seller.token()), 404);
    }

    @Test
    void accountsWithTheSameDomainOrACloseNameAreHinted() {
        String domain = Api.unique("globex").replaceAll("[^a-z0-9]", "") + ".com";
        long globex = fx.account(admin, "{\"name\":\"Globex Corporation %s\",\"domain\":\"%s\"}".formatted(domain, domain)).get("id").asLong();
        Api.Response same = api.post("/api/v1/accounts", admin, "{\"name\":\"Totally Different %s\",\"domain\":\"%s\"}".formatted(Api.unique("td"), domain));
        assertThat(same.status()).isEqualTo(201);
        assertThat(same.headers().firstValue("Possible-Duplicates")).contains("1");
        JsonNode found = api.get("/api/v1/accounts/" + same.json().get("id").asLong() + "/duplicates", admin).json();
        assertThat(ids(found)).containsExactly(globex);
        assertThat(found.get(0).get("reasons").get(0).asString()).isEqualTo("same domain");
    }

    @Test
    void scanFindsPairsInTheBackgroundAndDismissedPairsStayDismissed() {
        String mail = Api.unique("scan") + "@gmail.com";
        long one = fx.contact(admin, "{\"lastName\":\"Scanned\",\"emails\":[\"%s\"]}".formatted(mail)).get("id").asLong();
        long two = fx.contact(admin, "{\"lastName\":\"Scanned Too\",\"emails\":[\"%s\"]}".formatted(mail)).get("id").asLong();

        JsonNode scan = runScan("contact");
        assertThat(scan.get("status").asString()).isEqualTo("DONE");
        assertThat(scan.get("pairsFound").asInt()).isPositive();
        JsonNode pairs = api.get("/api/v1/duplicates?recordId=" + one, admin).json().get("items");
        assertThat(pairs).hasSize(1);
        JsonNode pair = pairs.get(0);
        assertThat(List.of(pair.get("a").get("id").asLong(), pair.get("b").get("id").asLong())).containsExactly(one, two);
        assertThat(pair.get("reasons").get(0).asString()).isEqualTo("same e-mail");
        long pairId = pair.get("id").asLong();

        Api.Response dismissed = api.post("/api/v1/duplicates/" + pairId + "/dismiss", admin, null);
        assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(204);
        runScan("contact");
        assertThat(api.get("/api/v1/duplicates?recordId=" + one, admin).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/duplicates/" + pairId, admin).json().get("status").asString()).isEqualTo("DISMISSED");
        assertThat(ids(api.get("/api/v1/contacts/" + one + "/duplicates", admin).json())).doesNotContain(two);
    }

    @Test
    void pagesThroughPairsBestFirstEachOnce() {
        for (int i = 0; i < 3; i++) {
            String mail = Api.unique("page" + i) + "@gmail.com";
            fx.contact(admin, "{\"lastName\":\"Paged\",\"emails\":[\"%s\"]}".formatted(mail));
            fx.contact(admin, "{\"lastName\":\"Paged\",\"emails\":[\"%s\"]}".formatted(mail));
        }
        runScan("contact");
        List<Long> all = fx.allIds("/api/v1/duplicates?limit=2", admin);
        assertThat(all).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        List<Double> scores = new ArrayList<>();
        api.get("/api/v1/duplicates?limit=500", admin).json().get("items").forEach(p -> scores.add(p.get("score").asDouble()));
        assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void accountScanFindsSameDomains() {
        String domain = Api.unique("initech").replaceAll("[^a-z0-9]", "") + ".io";
        long a = fx.account(admin, "{\"name\":\"Initech %s\",\"domain\":\"%s\"}".formatted(domain, domain)).get("id").asLong();
        fx.account(admin, "{\"name\":\"Initech Holding %s\",\"domain\":\"%s\"}".formatted(domain, domain.toUpperCase()));
        runScan("account");
        JsonNode pairs = api.get("/api/v1/duplicates?entity=account&recordId=" + a, admin).json().get("items");
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).get("reasons").toString()).contains("same domain");
    }

    @Test
    void onlyAdminsAndManagersStartScansAndReadOnlyCannotDismiss() {
        for (String role : List.of("SALES", "MARKETING", "AGENT", "READ_ONLY")) {
            assertProblem(api.post("/api/v1/duplicates/scans", fx.user(role, null).token(), "{\"entity\":\"contact\"}"), 403);
        }
        Api.Response byManager = api.post("/api/v1/duplicates/scans", fx.user("MANAGER", null).token(), "{\"entity\":\"account\"}");
        assertThat(byManager.status()).as(byManager.body()).isEqualTo(202);
        assertThat(byManager.headers().firstValue("Location")).isPresent();
        awaitDone(byManager.json().get("id").asLong());

        String mail = Api.unique("perm") + "@gmail.com";
        long one = fx.contact(admin, "{\"lastName\":\"Perm\",\"emails\":[\"%s\"]}".formatted(mail)).get("id").asLong();
        fx.contact(admin, "{\"lastName\":\"Perm\",\"emails\":[\"%s\"]}".formatted(mail));
        runScan("contact");
        long pairId = api.get("/api/v1/duplicates?recordId=" + one, admin).json().get("items").get(0).get("id").asLong();
        assertProblem(api.post("/api/v1/duplicates/" + pairId + "/dismiss", fx.user("READ_ONLY", null).token(), null), 403);
        ApiFixtures.User seller = fx.user("SALES", null);
        assertProblem(api.post("/api/v1/duplicates/" + pairId + "/dismiss", seller.token(), null), 404);
        assertProblem(api.get("/api/v1/duplicates/" + pairId, seller.token()), 404);
        assertThat(api.get("/api/v1/duplicates?recordId=" + one, seller.token()).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/duplicates/" + pairId, fx.user("READ_ONLY", null).token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/duplicates/" + pairId, fx.user("MARKETING", null).token()).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/duplicates/" + pairId + "/dismiss", fx.user("MARKETING", null).token(), null).status()).isEqualTo(204);
    }

    @Test
    void badInputIsA4xxProblem() {
        assertInvalid(api.get("/api/v1/duplicates?entity=deal", admin), "entity");
        assertInvalid(api.get("/api/v1/duplicates?cursor=nonsense", admin), "cursor");
        assertInvalid(api.get("/api/v1/duplicates?limit=0", admin), "limit");
        assertInvalid(api.post("/api/v1/duplicates/scans", admin, "{\"entity\":\"deals\"}"), "entity");
        assertInvalid(api.post("/api/v1/duplicates/scans", admin, "{\"table\":\"contacts\"}"), "table");
        assertProblem(api.post("/api/v1/duplicates/999999999/dismiss", admin, null), 404);
        assertProblem(api.get("/api/v1/duplicates/999999999", admin), 404);
        assertProblem(api.get("/api/v1/duplicates/scans/999999999", admin), 404);
        assertProblem(api.get("/api/v1/contacts/999999999/duplicates", admin), 404);
        assertThat(api.get("/api/v1/duplicates", null).status()).isEqualTo(401);
    }

    private JsonNode runScan(String entity) {
        Api.Response started = api.post("/api/v1/duplicates/scans", admin, "{\"entity\":\"%s\"}".formatted(entity));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitDone(started.json().get("id").asLong());
    }

    private JsonNode awaitDone(long scanId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = api.get("/api/v1/duplicates/scans/" + scanId, admin).json();
            String status = last[0].get("status").asString();
            return status.equals("DONE") || status.equals("FAILED");
        });
        assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo("DONE");
        return last[0];
    }

    private static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }
}
