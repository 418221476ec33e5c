package io.rapport.customers;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static io.rapport.support.ApiFixtures.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.ApiFixtures.User;
import io.rapport.support.PageSession;
import io.rapport.support.IntegrationTest;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * CSV and vCard exports of contact lists through the API and the pages: content, columns, custom fields, escaping,
 * every row (not a page), visibility per role and the audit entry of each export.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest {

    static final List<String> ROLES = List.of("ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    ApiFixtures fx;
    String admin;
    final Map<String, User> actors = new HashMap<>();
    User teammate;
    User outsider;
    String tag;
    String fieldKey;
    String fieldLabel;
    JsonNode tricky;
    JsonNode teamContact;
    JsonNode foreignContact;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        fx = new ApiFixtures(api, admin);
        long teamA = fx.team();
        long teamB = fx.team();
        for (String role : ROLES) {
            boolean ownBook = role.equals("SALES") || role.equals("AGENT");
            actors.put(role, fx.user(role, ownBook ? teamA : null));
        }
        teammate = fx.user("SALES", teamA);
        outsider = fx.user("SALES", teamB);
        fieldKey = "exp_" + Api.unique("f").substring(2).replace("-", "");
        fieldLabel = "Region " + fieldKey;
        var field = api.post("/api/v1/custom-fields", admin,
                "{\"entity\":\"CONTACT\",\"key\":\"%s\",\"label\":\"%s\",\"type\":\"TEXT\"}".formatted(fieldKey, fieldLabel));
        assertThat(field.status()).as(field.body()).isEqualTo(201);

        tag = Api.unique("export").toLowerCase();
        tricky = fx.contact(admin, Api.JSON.writeValueAsString(Map.of(
                "firstName", "Ann", "lastName", "Smith, \"Jr\"", "tags", List.of(tag),
                "emails", List.of("ann@example.com"), "phones", List.of("+14155552671"),
                "jobTitle", "=HYPERLINK(\"http://evil.example\",\"click\")",
                "ownerId", actors.get("SALES").id(), "customFields", Map.of(fieldKey, "North\nand \"West\""))));
        teamContact = fx.contact(admin, Api.JSON.writeValueAsString(Map.of("lastName", "@Bob", "firstName", "",
                "tags", List.of(tag), "jobTitle", "-1+2", "ownerId", teammate.id(), "customFields", Map.of(fieldKey, "Zoë ünd 漢字"))));
        fx.account("Own Co " + tag, tag, actors.get("SALES").id());
        fx.account("Team Co " + tag, tag, teammate.id());
        fx.account("=Foreign Co " + tag, tag, outsider.id());
        foreignContact = fx.contact(admin, Api.JSON.writeValueAsString(Map.of("lastName", "Zed", "firstName", "Outside",
                "tags", List.of(tag), "ownerId", outsider.id())));
    }

    static List<CSVRecord> parse(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).startsWith("\uFEFF");
        try {
            return CSVFormat.RFC4180.parse(new StringReader(r.body().substring(1))).getRecords();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> column(List<CSVRecord> records, int index) {
        return records.stream().skip(1).map(rec -> rec.get(index)).toList();
    }

    @Test
    void exportsTheChosenColumnsWithCustomFieldsQuotedAndDefused() {
        var r = api.get("/api/v1/contacts/export.csv?tag=" + tag + "&sort=name&columns=name,email,phone,jobTitle,cf." + fieldKey, admin);
        assertThat(r.contentType()).startsWith("text/csv").contains("charset=UTF-8");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"contacts-" + LocalDate.now() + ".csv\"");
        List<CSVRecord> csv = parse(r);
        assertThat(csv.getFirst().values()).containsExactly("Name", "E-mail", "Phone", "Job title", fieldLabel);
        assertThat(column(csv, 0)).containsExactly("'@Bob", "Ann Smith, \"Jr\"", "Outside Zed");
        CSVRecord ann = csv.get(2);
        assertThat(ann.values()).containsExactly("Ann Smith, \"Jr\"", "ann@example.com", "'+14155552671",
                "'=HYPERLINK(\"http://evil.example\",\"click\")", "North\nand \"West\"");
        assertThat(csv.get(1).get(3)).isEqualTo("'-1+2");
        assertThat(csv.get(1).get(4)).isEqualTo("Zoë ünd 漢字");
        // RFC 4180 on the wire: CRLF after each record, quotes doubled inside quoted fields
        assertThat(r.body()).contains("\"Ann Smith, \"\"Jr\"\"\",ann@example.com,'+14155552671,")
                .contains("\"North\nand \"\"West\"\"\"\r\n").endsWith("\r\n");
    }

    @Test
    void exportsEveryRowInListOrderNotOnlyTheFirstPage() {
        String bulk = Api.unique("bulk").toLowerCase();
        jdbc.sql("""
                insert into contacts (last_name, first_name, tags, owner_id)
                select 'Bulk ' || lpad(g::text, 4, '0'), '', array[:tag], :owner from generate_series(1, 230) g""")
                .param("tag", bulk).param("owner", actors.get("SALES").id()).update();
        List<CSVRecord> csv = parse(api.get("/api/v1/contacts/export.csv?tag=" + bulk + "&sort=-name&columns=name,owner", admin));
        assertThat(csv).hasSize(231);
        assertThat(column(csv, 0).getFirst()).isEqualTo("Bulk 0230");
        assertThat(column(csv, 0).getLast()).isEqualTo("Bulk 0001");
        assertThat(column(csv, 1)).containsOnly("Test SALES");
    }

    @Test
    void anEmptyListGivesTheHeaderOnly() {
        var r = api.get("/api/v1/contacts/export.csv?tag=" + Api.unique("none") + "&columns=name,email", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\uFEFFName,E-mail\r\n");
    }

    @Test
    void withoutColumnsTheListsDefaultColumnsAreExported() {
        List<CSVRecord> csv = parse(api.get("/api/v1/contacts/export.csv?tag=" + tag + "&stage=LEAD&q=zed", admin));
        assertThat(csv.getFirst().values()).containsExactly("Name", "E-mail", "Account", "Stage", "Owner", "Updated");
        assertThat(csv.get(1).values()).startsWith("Outside Zed", "", "", "Lead", "Test SALES");
        assertThat(csv).hasSize(2);
    }

    @Test
    void writesAnAuditEntryForEachExport() {
        User sales = actors.get("SALES");
        parse(api.get("/api/v1/contacts/export.csv?tag=" + tag + "&stage=LEAD&columns=name,cf." + fieldKey, sales.token()));
        var entry = jdbc.sql("select summary, changes::text as changes from audit_log where action = 'EXPORT' and actor_id = :u"
                        + " order by id desc limit 1").param("u", sales.id())
                .query((rs, n) -> Map.of("summary", rs.getString("summary"), "changes", rs.getString("changes"))).single();
        assertThat(entry.get("summary")).isEqualTo("Exported 2 contacts as CSV");
        JsonNode changes = Api.JSON.readTree(entry.get("changes"));
        assertThat(changes.get("filter").get("new").asString()).isEqualTo("tag=" + tag + "&stage=LEAD");
        assertThat(changes.get("columns").get("new").toString()).isEqualTo("[\"name\",\"cf." + fieldKey + "\"]");
        assertThat(changes.get("rows").get("new").asLong()).isEqualTo(2);
        assertThat(changes.get("format").get("new").asString()).isEqualTo("CSV");
    }

    @ParameterizedTest(name = "{0} exports only the contacts they may see")
    @ValueSource(strings = {"ADMIN", "MANAGER", "MARKETING", "SALES", "AGENT", "READ_ONLY"})
    void everyRoleMayExportWhatItMaySee(String role) {
        boolean ownBook = role.equals("SALES") || role.equals("AGENT");
        List<String> names = column(parse(api.get("/api/v1/contacts/export.csv?tag=" + tag + "&columns=name", actors.get(role).token())), 0);
        if (ownBook) assertThat(names).containsExactlyInAnyOrder("Ann Smith, \"Jr\"", "'@Bob");
        else assertThat(names).containsExactlyInAnyOrder("Ann Smith, \"Jr\"", "'@Bob", "Outside Zed");

        var card = api.get("/api/v1/contacts/" + foreignContact.get("id").asLong() + "/vcard", actors.get(role).token());
        if (ownBook) assertProblem(card, 404);
        else assertThat(card.status()).isEqualTo(200);
        var cards = api.get("/api/v1/contacts/export.vcf?tag=" + tag, actors.get(role).token());
        assertThat(cards.body().split("BEGIN:VCARD", -1)).hasSize(ownBook ? 3 : 4);
        List<String> accounts = column(parse(api.get("/api/v1/accounts/export.csv?tag=" + tag + "&columns=name",
                actors.get(role).token())), 0);
        if (ownBook) assertThat(accounts).containsExactlyInAnyOrder("Own Co " + tag, "Team Co " + tag);
        else assertThat(accounts).containsExactlyInAnyOrder("Own Co " + tag, "Team Co " + tag, "'=Foreign Co " + tag);
    }

    @Test
    void theOutsiderSeesOnlyTheirOwn() {
        List<String> names = column(parse(api.get("/api/v1/contacts/export.csv?tag=" + tag + "&columns=name", outsider.token())), 0);
        assertThat(names).containsExactly("Outside Zed");
    }

    @Test
    void badFiltersAndColumnsAreA400AndExportNothing() {
        long before = exports();
        assertInvalid(api.get("/api/v1/contacts/export.csv?stage=NOPE", admin), "stage");
        assertInvalid(api.get("/api/v1/contacts/export.csv?columns=name,shoeSize", admin), "columns");
        assertInvalid(api.get("/api/v1/contacts/export.csv?completenessBelow=lots", admin), "completenessBelow");
        assertInvalid(api.get("/api/v1/contacts/export.csv?cf.nosuchfield=x", admin), "cf.nosuchfield");
        assertInvalid(api.get("/api/v1/contacts/export.vcf?missing=shoeSize", admin), "missing");
        assertInvalid(api.get("/api/v1/accounts/export.csv?sort=size", admin), "sort");
        assertProblem(api.get("/api/v1/contacts/export.csv", null), 401);
        assertProblem(api.get("/api/v1/contacts/999999999/vcard", admin), 404);
        assertThat(exports()).isEqualTo(before);
    }

    private long exports() {
        return jdbc.sql("select count(*) from audit_log where action = 'EXPORT'").query(Long.class).single();
    }

    @Test
    void givesOneContactAsAVCard() {
        var r = api.get("/api/v1/contacts/" + tricky.get("id").asLong() + "/vcard", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/vcard");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .contains("filename=\"contact-" + tricky.get("id").asLong() + "-");
        assertThat(r.body()).startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n").endsWith("END:VCARD\r\n")
                .contains("\r\nFN:Ann Smith\\, \"Jr\"\r\n", "\r\nN:Smith\\, \"Jr\";Ann;;;\r\n", "\r\nEMAIL;PREF=1:ann@example.com\r\n",
                        "\r\nTEL;VALUE=uri;PREF=1;TYPE=voice:tel:+14155552671\r\n",
                        "\r\nTITLE:=HYPERLINK(\"http://evil.example\"\\,\"click\")\r\n", "\r\nREV:", "\r\nUID:urn:uuid:");
        for (String line : r.body().split("\r\n")) assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
    }

    @Test
    void thePagesExportWhatTheListShows() {
        PageSession browser = PageSession.signIn(api.base(), "admin@test.rapport", "admin-password-1");
        // the page's own query string: filters, sort, chosen columns and an empty custom-field input ("any value")
        String query = "tag=" + tag + "&sort=-name&cf." + fieldKey + "=&cols=name&cols=cf." + fieldKey;
        var page = browser.get("/contacts?" + query);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/contacts/export.csv?" + query.replace("&", "&amp;") + "\"")
                .contains("href=\"/contacts/export.vcf?" + query.replace("&", "&amp;") + "\"");

        var csv = browser.get("/contacts/export.csv?" + query);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFName," + fieldLabel + "\r\nOutside Zed,\r\n\"Ann Smith, \"\"Jr\"\"\",");

        var vcf = browser.get("/contacts/" + teamContact.get("id").asLong() + ".vcf");
        assertThat(vcf.statusCode()).isEqualTo(200);
        assertThat(vcf.body()).contains("\r\nFN:@Bob\r\n");
        assertThat(browser.get("/contacts/" + teamContact.get("id").asLong()).body())
                .contains("href=\"/contacts/" + teamContact.get("id").asLong() + ".vcf\"");

        var bad = browser.get("/contacts/export.csv?stage=NOPE");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void theSalesUsersPageExportIsLimitedToTheirBook() {
        PageSession browser = PageSession.signIn(api.base(), actors.get("SALES").email(), ApiFixtures.PASSWORD);
        var csv = browser.get("/contacts/export.csv?tag=" + enc(tag) + "&cols=name");
        assertThat(csv.body()).isEqualTo("\uFEFFName\r\n'@Bob\r\n\"Ann Smith, \"\"Jr\"\"\"\r\n");
        assertThat(browser.get("/contacts/" + foreignContact.get("id").asLong() + ".vcf").statusCode()).isEqualTo(404);
    }
}
