package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.ApiFixtures.User;
import io.rapport.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what: every role against contacts and accounts they own, their team owns, and someone else
 * owns; plus the admin-only writes. SALES and AGENT work in team A; "outsider" owns records in team B.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {

    static final List<String> ROLES = List.of("ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY");
    static final List<String> NON_ADMINS = ROLES.subList(1, ROLES.size());

    @LocalServerPort
    int port;
    Api api;
    ApiFixtures fx;
    String admin;
    long teamA;
    long teamB;
    final Map<String, User> actors = new HashMap<>();
    User teammate;
    User outsider;
    long customFieldId;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        teamA = fx.team();
        teamB = fx.team();
        for (String role : ROLES) {
            boolean ownBook = role.equals("SALES") || role.equals("AGENT");
            actors.put(role, fx.user(role, ownBook ? teamA : null));
        }
        teammate = fx.user("SALES", teamA);
        outsider = fx.user("SALES", teamB);
        var field = api.post("/api/v1/custom-fields", admin, """
                {"entity":"ACCOUNT","key":"%s","label":"Matrix","type":"TEXT"}""".formatted(key()));
        assertThat(field.status()).as(field.body()).isEqualTo(201);
        customFieldId = field.json().get("id").asLong();
    }

    static String key() {
        return "k_" + Api.unique("x").substring(2).replace("-", "");
    }

    static boolean seesOnlyOwnBook(String role) {
        return role.equals("SALES") || role.equals("AGENT");
    }

    static Stream<Arguments> recordCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String role : ROLES) {
            for (String entity : List.of("contacts", "accounts")) {
                for (String target : List.of("own", "team", "foreign")) {
                    boolean visible = !seesOnlyOwnBook(role) || !target.equals("foreign");
                    boolean writer = !role.equals("READ_ONLY");
                    cases.add(Arguments.of(role, "GET", entity, target, visible ? 200 : 404));
                    cases.add(Arguments.of(role, "PATCH", entity, target, !visible ? 404 : writer ? 200 : 403));
                    cases.add(Arguments.of(role, "DELETE", entity, target, !visible ? 404 : writer ? 204 : 403));
                }
                cases.add(Arguments.of(role, "POST", entity, "new", role.equals("READ_ONLY") ? 403 : 201));
            }
        }
        return cases.stream();
    }

    private long ownerFor(String role, String target) {
        return switch (target) {
            case "own" -> actors.get(role).id();
            case "team" -> teammate.id();
            default -> outsider.id();
        };
    }

    private JsonNode create(String entity, String name, String tag, long ownerId) {
        return entity.equals("contacts") ? fx.contact(name, tag, ownerId) : fx.account(name, tag, ownerId);
    }

    @ParameterizedTest(name = "{0} {1} {2} of {3} owner -> {4}")
    @MethodSource("recordCases")
    void rolesReachOnlyTheRecordsTheyMay(String role, String op, String entity, String target, int expected) {
        User actor = actors.get(role);
        String tag = Api.unique("matrix").toLowerCase();
        if (op.equals("POST")) {
            String body = entity.equals("contacts") ? "{\"lastName\":\"New\",\"tags\":[\"" + tag + "\"]}"
                    : "{\"name\":\"New\",\"tags\":[\"" + tag + "\"]}";
            var r = api.post("/api/v1/" + entity, actor.token(), body);
            if (expected == 201) {
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                assertThat(r.json().get("ownerId").asLong()).isEqualTo(actor.id());
                assertThat(api.get("/api/v1/" + entity + "/" + r.json().get("id").asLong(), actor.token()).status()).isEqualTo(200);
            } else {
                assertProblem(r, expected);
                assertThat(api.get("/api/v1/" + entity + "?tag=" + tag, admin).json().get("items").size()).isZero();
            }
            return;
        }
        JsonNode record = create(entity, "Target", tag, ownerFor(role, target));
        String path = "/api/v1/" + entity + "/" + record.get("id").asLong();
        String change = entity.equals("contacts") ? "{\"jobTitle\":\"Changed\",\"version\":0}" : "{\"industry\":\"Changed\",\"version\":0}";
        var r = switch (op) {
            case "GET" -> api.get(path, actor.token());
            case "PATCH" -> api.patch(path, actor.token(), change);
            default -> api.delete(path, actor.token());
        };
        if (expected >= 400) {
            assertProblem(r, expected);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(expected);
        }
        var after = api.get(path, admin);
        if (op.equals("DELETE") && expected == 204) {
            assertProblem(after, 404);
        } else {
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().get("version").asInt()).isEqualTo(op.equals("PATCH") && expected == 200 ? 1 : 0);
        }
    }

    @ParameterizedTest(name = "{0} lists and searches only visible records")
    @ValueSource(strings = {"ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY"})
    void listsAndSearchShowOnlyVisibleRecords(String role) {
        User actor = actors.get(role);
        String tag = Api.unique("vis").toLowerCase();
        String name = "Vis" + tag.substring(4);
        for (String entity : List.of("contacts", "accounts")) {
            long own = create(entity, name, tag, actor.id()).get("id").asLong();
            long team = create(entity, name, tag, teammate.id()).get("id").asLong();
            long foreign = create(entity, name, tag, outsider.id()).get("id").asLong();
            Set<Long> listed = new HashSet<>(fx.allIds("/api/v1/" + entity + "?tag=" + tag, actor.token()));
            Set<Long> searched = new HashSet<>();
            var search = api.get("/api/v1/search?q=" + name + "&limit=50", actor.token());
            assertThat(search.status()).isEqualTo(200);
            search.json().get("items").forEach(h -> {
                if (h.get("type").asString().equals(entity.equals("contacts") ? "CONTACT" : "ACCOUNT")) searched.add(h.get("id").asLong());
            });
            Set<Long> expected = seesOnlyOwnBook(role) ? Set.of(own, team) : Set.of(own, team, foreign);
            assertThat(listed).as(entity + " list").isEqualTo(expected);
            searched.retainAll(Set.of(own, team, foreign)); // the search is fuzzy: similar names of other tests may show up
            assertThat(searched).as(entity + " search").isEqualTo(expected);
            assertThat(new HashSet<>(fx.allIds("/api/v1/" + entity + "?tag=" + tag + "&owner=" + outsider.id(), actor.token())))
                    .isEqualTo(seesOnlyOwnBook(role) ? Set.of() : Set.of(foreign));
            assertThat(fx.allIds("/api/v1/" + entity + "?tag=" + tag + "&owner=me", actor.token())).containsExactly(own);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SALES", "AGENT"})
    void ownBookRolesMayAssignOnlyThemselvesOrTeamMates(String role) {
        User actor = actors.get(role);
        for (String entity : List.of("contacts", "accounts")) {
            String nameField = entity.equals("contacts") ? "lastName" : "name";
            String tag = Api.unique("assign").toLowerCase();
            String base = "{\"" + nameField + "\":\"Assigned\",\"tags\":[\"" + tag + "\"]";

            var toMate = api.post("/api/v1/" + entity, actor.token(), base + ",\"ownerId\":" + teammate.id() + "}");
            assertThat(toMate.status()).as(toMate.body()).isEqualTo(201);
            assertThat(toMate.json().get("ownerId").asLong()).isEqualTo(teammate.id());
            assertThat(toMate.json().get("teamId").asLong()).isEqualTo(teamA);

            assertInvalid(api.post("/api/v1/" + entity, actor.token(), base + ",\"ownerId\":" + outsider.id() + "}"), "ownerId");
            assertInvalid(api.post("/api/v1/" + entity, actor.token(), base + ",\"ownerId\":" + actors.get("ADMIN").id() + "}"),
                    "ownerId");
            // leaving a record without an owner would hide it from its own writer
            assertInvalid(api.post("/api/v1/" + entity, actor.token(), base + ",\"ownerId\":null}"), "ownerId");
            assertThat(fx.allIds("/api/v1/" + entity + "?tag=" + tag, admin)).hasSize(1);

            long id = toMate.json().get("id").asLong();
            String path = "/api/v1/" + entity + "/" + id;
            assertInvalid(api.patch(path, actor.token(), "{\"ownerId\":" + outsider.id() + ",\"version\":0}"), "ownerId");
            assertInvalid(api.patch(path, actor.token(), "{\"ownerId\":null,\"version\":0}"), "ownerId");
            JsonNode unchanged = api.get(path, admin).json();
            assertThat(unchanged.get("ownerId").asLong()).isEqualTo(teammate.id());
            assertThat(unchanged.get("version").asInt()).isZero();

            var toSelf = api.patch(path, actor.token(), "{\"ownerId\":" + actor.id() + ",\"version\":0}");
            assertThat(toSelf.status()).as(toSelf.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN", "MANAGER", "MARKETING"})
    void everyoneElseWhoWritesMayAssignAnyActiveUser(String role) {
        User actor = actors.get(role);
        var r = api.post("/api/v1/contacts", actor.token(), "{\"lastName\":\"Anyone\",\"ownerId\":" + outsider.id() + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("teamId").asLong()).isEqualTo(teamB);
        var none = api.post("/api/v1/accounts", actor.token(), "{\"name\":\"Nobody's\",\"ownerId\":null}");
        assertThat(none.status()).as(none.body()).isEqualTo(201);
        assertThat(none.json().get("ownerId").isNull()).isTrue();
    }

    @Test
    void aSellerWithoutATeamSeesOnlyTheirOwnRecords() {
        User loner = fx.user("SALES", null);
        String tag = Api.unique("loner").toLowerCase();
        long own = fx.contact("Mine", tag, loner.id()).get("id").asLong();
        long unowned = fx.contact(admin, "{\"lastName\":\"Nobody\",\"ownerId\":null,\"tags\":[\"" + tag + "\"]}").get("id").asLong();
        fx.contact("Other", tag, outsider.id());
        assertThat(fx.allIds("/api/v1/contacts?tag=" + tag, loner.token())).containsExactly(own);
        assertProblem(api.get("/api/v1/contacts/" + unowned, loner.token()), 404);
        assertInvalid(api.post("/api/v1/contacts", loner.token(), "{\"lastName\":\"X\",\"ownerId\":" + teammate.id() + "}"), "ownerId");
    }

    @Test
    void ownBookRolesCannotLinkRecordsTheyCannotSee() {
        User sales = actors.get("SALES");
        String tag = Api.unique("link").toLowerCase();
        long foreignAccount = fx.account("Foreign Co", tag, outsider.id()).get("id").asLong();
        long teamAccount = fx.account("Team Co", tag, teammate.id()).get("id").asLong();
        assertInvalid(api.post("/api/v1/contacts", sales.token(), "{\"lastName\":\"X\",\"accountId\":" + foreignAccount + "}"),
                "accountId");
        assertInvalid(api.post("/api/v1/accounts", sales.token(), "{\"name\":\"X\",\"parentId\":" + foreignAccount + "}"), "parentId");
        var ok = api.post("/api/v1/contacts", sales.token(), "{\"lastName\":\"X\",\"accountId\":" + teamAccount + "}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/contacts?account=" + foreignAccount, sales.token()).json().get("items").size()).isZero();
    }

    static Stream<Arguments> adminOnlyCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String role : NON_ADMINS) {
            for (String op : List.of("POST users", "PATCH user", "DELETE user", "POST teams", "POST custom-fields",
                    "PATCH custom-field", "DELETE custom-field")) {
                cases.add(Arguments.of(role, op));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} may not {1}")
    @MethodSource("adminOnlyCases")
    void onlyAdminsMayChangeUsersTeamsAndCustomFields(String role, String op) {
        String token = actors.get(role).token();
        String cf = "/api/v1/custom-fields/" + customFieldId;
        var r = switch (op) {
            case "POST users" -> api.post("/api/v1/users", token, """
                    {"email":"%s@test.rapport","name":"X","role":"ADMIN","password":"a-long-password"}""".formatted(Api.unique("x")));
            case "PATCH user" -> api.patch("/api/v1/users/" + teammate.id(), token, "{\"role\":\"ADMIN\",\"version\":0}");
            case "DELETE user" -> api.delete("/api/v1/users/" + teammate.id(), token);
            case "POST teams" -> api.post("/api/v1/teams", token, "{\"name\":\"" + Api.unique("t") + "\"}");
            case "POST custom-fields" -> api.post("/api/v1/custom-fields", token, """
                    {"entity":"CONTACT","key":"%s","label":"X","type":"TEXT"}""".formatted(key()));
            case "PATCH custom-field" -> api.patch(cf, token, "{\"label\":\"Hacked\",\"version\":0}");
            default -> api.delete(cf, token);
        };
        assertProblem(r, 403);
        assertThat(api.get(cf, admin).json().get("label").asString()).isEqualTo("Matrix");
        JsonNode mate = api.get("/api/v1/users/" + teammate.id(), admin).json();
        assertThat(mate.get("role").asString()).isEqualTo("SALES");
        assertThat(mate.get("active").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY"})
    void everyoneMayReadUsersTeamsAndCustomFields(String role) {
        String token = actors.get(role).token();
        for (String path : List.of("/api/v1/users", "/api/v1/users/" + outsider.id(), "/api/v1/me", "/api/v1/teams",
                "/api/v1/custom-fields", "/api/v1/custom-fields/" + customFieldId, "/api/v1/custom-fields?entity=ACCOUNT")) {
            assertThat(api.get(path, token).status()).as(role + " GET " + path).isEqualTo(200);
        }
    }

    @Test
    void adminMayDoEveryAdminOnlyWrite() {
        var team = api.post("/api/v1/teams", admin, "{\"name\":\"" + Api.unique("t") + "\"}");
        assertThat(team.status()).isEqualTo(201);
        User u = fx.user("AGENT", team.json().get("id").asLong());
        assertThat(api.patch("/api/v1/users/" + u.id(), admin, "{\"name\":\"Renamed\",\"version\":0}").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/users/" + u.id(), admin).status()).isEqualTo(204);
        var field = api.post("/api/v1/custom-fields", admin, """
                {"entity":"CONTACT","key":"%s","label":"X","type":"TEXT"}""".formatted(key()));
        assertThat(field.status()).isEqualTo(201);
        String path = "/api/v1/custom-fields/" + field.json().get("id").asLong();
        assertThat(api.patch(path, admin, "{\"label\":\"Y\",\"version\":0}").status()).isEqualTo(200);
        assertThat(api.delete(path, admin).status()).isEqualTo(204);
    }
}
