package io.rapport.customers.imports;

import static io.rapport.support.ApiFixtures.assertInvalid;
import static io.rapport.support.ApiFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** CSV import through the API: the happy paths, duplicates, rejected rows and the error report. */
@IntegrationTest
class ImportApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    ApiFixtures fx;
    ImportClient imports;
    String domain;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new ApiFixtures(api, api.adminToken());
        imports = new ImportClient(api);
        domain = Api.unique("imp") + ".example";
    }

    /** A US number no other test uses, so duplicate matching by phone meets only this test's records. */
    private static String usPhone() {
        java.util.Random r = new java.util.Random();
        return "(212) 7" + (10 + r.nextInt(90)) + "-" + (1000 + r.nextInt(9000));
    }

    private static String e164(String usPhone) {
        return "+1" + usPhone.replaceAll("\\D", "");
    }

    private List<JsonNode> contactsByDomain(String token) {
        JsonNode page = api.get("/api/v1/contacts?emailDomain=" + domain + "&limit=500&sort=createdAt", token).json();
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    @Test
    void importsContactsWithBomAutoMatchedColumnsNormalisedPhonesAndOwnership() {
        ApiFixtures.User sales = fx.user("SALES", fx.team());
        String phone = usPhone();
        String csv = "\uFEFFFirst name,Last name,E-mail,Phone,Job title,Stage,Country,Tags\r\n"
                + "Ada,Lovelace,ADA@" + domain + "," + phone + ",Analyst,customer,us,math;history\r\n"
                + "Alan,Turing,alan@" + domain + ",020 7946 " + (1000 + new java.util.Random().nextInt(9000)) + ",,lead,GB,\r\n";
        JsonNode done = imports.run(sales.token(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("counts").get("read").asLong()).isEqualTo(2);
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(2);
        assertThat(done.get("columns").get("E-mail").asString()).isEqualTo("email");
        assertThat(done.get("errorReport").asString()).isEqualTo("/api/v1/imports/" + done.get("id").asLong() + "/errors");

        List<JsonNode> created = contactsByDomain(sales.token());
        assertThat(created).hasSize(2);
        JsonNode ada = created.getFirst();
        assertThat(ada.get("firstName").asString()).isEqualTo("Ada");
        assertThat(ada.get("emails").get(0).asString()).isEqualTo("ada@" + domain);
        assertThat(ada.get("phones").get(0).asString()).isEqualTo(e164(phone));
        assertThat(ada.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(ada.get("tags").toString()).contains("math", "history");
        assertThat(ada.get("ownerId").asLong()).isEqualTo(sales.id());
        assertThat(created.get(1).get("phones").get(0).asString()).as("read in the row's country").startsWith("+44207946");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'IMPORT' and entity_id = :id and actor_id = :actor")
                .param("id", done.get("id").asLong()).param("actor", sales.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSimilarNameThatNoEmailOrPhoneMatchesIsFoundByTheScanThatFollowsTheImport() {
        String company = Api.unique("Similar Names Ltd");
        long account = fx.account(fx.admin(), "{\"name\":\"%s\"}".formatted(company)).get("id").asLong();
        long original = fx.contact(fx.admin(), """
                {"firstName":"Katharina","lastName":"Werner","emails":["k.werner@%s"],"accountId":%d}""".formatted(domain, account))
                .get("id").asLong();
        String csv = "First name,Last name,E-mail,Account\nKatharina,Wernerr,kathi@" + domain + "," + company + "\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(done.get("counts").get("created").asLong()).as(done.toString()).isEqualTo(1);
        long imported = contactsByDomain(fx.admin()).stream().filter(c -> c.get("lastName").asString().equals("Wernerr"))
                .findFirst().orElseThrow().get("id").asLong();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode pairs = api.get("/api/v1/duplicates?entity=contact&recordId=" + original, fx.admin()).json().get("items");
            assertThat(pairs.toString()).contains("\"id\":" + imported).contains("similar name");
        });
    }

    @Test
    void semicolonSeparatedFileWithQuotedEmbeddedNewlines() {
        String csv = "Last name;E-mail;Street;Job title\n"
                + "\"Hopper\";grace@" + domain + ";\"1 Navy Yard\nBuilding 7\";\"Rear admiral; computing\"\n"
                + "Liskov;barbara@" + domain + ";;Professor\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "CREATE"));
        assertThat(done.get("counts").get("created").asLong()).as(done.toString()).isEqualTo(2);
        List<JsonNode> created = contactsByDomain(fx.admin());
        JsonNode hopper = created.stream().filter(c -> c.get("lastName").asString().equals("Hopper")).findFirst().orElseThrow();
        assertThat(hopper.get("address").get("street").asString()).isEqualTo("1 Navy Yard\nBuilding 7");
        assertThat(hopper.get("jobTitle").asString()).isEqualTo("Rear admiral; computing");
    }

    @Test
    void raggedInvalidAndTooLongRowsAreRejectedIntoTheErrorReport() {
        String csv = "Last name,E-mail,Phone,Stage\n"
                + "Good,good@" + domain + ",,lead\n"
                + "Ragged,ragged@" + domain + "\n"
                + "Bad mail,not-an-email,,\n"
                + "Bad phone,phone@" + domain + ",12,\n"
                + "x".repeat(101) + ",long@" + domain + ",,\n"
                + "Bad stage,stage@" + domain + ",,boss\n"
                + ",nolast@" + domain + ",,\n"
                + "Too,many@" + domain + ",,lead,extra\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        JsonNode counts = done.get("counts");
        assertThat(counts.get("read").asLong()).isEqualTo(8);
        assertThat(counts.get("created").asLong()).isEqualTo(1);
        assertThat(counts.get("rejected").asLong()).isEqualTo(7);
        assertThat(contactsByDomain(fx.admin())).extracting(c -> c.get("lastName").asString()).containsExactly("Good");

        Api.Response report = api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", fx.admin());
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.contentType()).startsWith("text/csv");
        assertThat(report.body()).startsWith("row,column,reason")
                .contains("3,,\"the row has 2 fields but the header has 4\"")
                .contains("4,\"E-mail\",\"'not-an-email' is not a valid e-mail address\"")
                .contains("5,\"Phone\",\"'12' is not a valid phone number\"")
                .contains("6,\"Last name\",\"longer than 100 characters (101)\"")
                .contains("7,\"Stage\",\"'boss' is not one of [LEAD, PROSPECT, CUSTOMER, CLIENT, ADVOCATE, CHURNED]\"")
                .contains("8,\"Last name\",\"required\"")
                .contains("9,,\"the row has 5 fields but the header has 4\"");
    }

    @Test
    void errorReportEscapesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(ErrorReport.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ErrorReport.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(ErrorReport.cell("plain")).isEqualTo("\"plain\"");
    }

    @Test
    void contactDuplicatesMatchByEmailIgnoringCaseThenByPhone() {
        String phone = usPhone();
        JsonNode existing = fx.contact(fx.admin(), "{\"lastName\":\"Existing\",\"emails\":[\"dup@" + domain + "\"],"
                + "\"phones\":[\"" + e164(phone) + "\"],\"jobTitle\":\"Old title\"}");
        String csv = "Last name,E-mail,Phone,Job title\n"
                + "ByMail,DUP@" + domain.toUpperCase() + ",,New title\n"
                + "ByPhone,other@" + domain + "," + phone + ",\n"
                + "Fresh,fresh@" + domain + ",,\n";

        JsonNode skipped = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(skipped.get("counts").get("skipped").asLong()).isEqualTo(2);
        assertThat(skipped.get("counts").get("created").asLong()).isEqualTo(1);

        JsonNode updated = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "UPDATE"));
        assertThat(updated.get("counts").get("updated").asLong()).as(updated.toString()).isEqualTo(3);
        assertThat(updated.get("counts").get("created").asLong()).isZero();
        JsonNode after = api.get("/api/v1/contacts/" + existing.get("id").asLong(), fx.admin()).json();
        assertThat(after.get("jobTitle").asString()).isEqualTo("New title");
        assertThat(after.get("emails").toString()).contains("dup@" + domain, "other@" + domain);
        assertThat(after.get("version").asInt()).isGreaterThan(existing.get("version").asInt());

        JsonNode createdAnyway = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "CREATE"));
        assertThat(createdAnyway.get("counts").get("created").asLong()).isEqualTo(3);
    }

    @Test
    void theSameRecordTwiceInOneFileIsCreatedOnceAndThenFoundAsDuplicate() {
        String csv = "Last name,E-mail\nFirst,twice@" + domain + "\nSecond,Twice@" + domain + "\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(1);
        assertThat(done.get("counts").get("skipped").asLong()).isEqualTo(1);
    }

    @Test
    void accountsMatchByDomainOrNameAndContactsReferToAccountsByName() {
        String name = Api.unique("Acme");
        fx.account(fx.admin(), "{\"name\":\"" + name + "\",\"domain\":\"" + domain + "\"}");
        String csv = "Company,Website,Tier,Size\n"
                + "Renamed Acme,https://www." + domain + "/about,gold,11-50\n"
                + name.toUpperCase() + ",,silver,\n"
                + name + " Two,two." + domain + ",,\n"
                + "Broken,not a domain,,\n"
                + "Badtier,,diamond,\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("ACCOUNT", "SKIP"));
        JsonNode counts = done.get("counts");
        assertThat(counts.get("skipped").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(counts.get("created").asLong()).isEqualTo(1);
        assertThat(counts.get("rejected").asLong()).isEqualTo(2);

        String newCo = Api.unique("New Co");
        String contacts = "Last name,E-mail,Company\nWorker,worker@" + domain + "," + name + " two\nNewbie,newbie@" + domain + "," + newCo
                + "\nSecond,second@" + domain + "," + newCo.toUpperCase() + "\n";
        ApiFixtures.User seller = fx.user("SALES", null);
        JsonNode linked = imports.run(fx.admin(), contacts, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(linked.get("counts").get("created").asLong()).as(linked.toString()).isEqualTo(3);
        List<JsonNode> imported = contactsByDomain(fx.admin());
        assertThat(imported.getFirst().get("accountName").asString()).isEqualTo(name + " Two");
        assertThat(imported.get(1).get("accountName").asString()).as("an unknown company becomes an account").isEqualTo(newCo);
        assertThat(imported.get(2).get("accountId").asLong()).as("once, whatever its case")
                .isEqualTo(imported.get(1).get("accountId").asLong());
        JsonNode account = api.get("/api/v1/accounts/" + imported.get(1).get("accountId").asLong(), fx.admin()).json();
        assertThat(account.get("ownerId").asLong()).isEqualTo(api.get("/api/v1/me", fx.admin()).json().get("id").asLong());

        // a seller does not see the admin's new account: their import creates their own rather than linking to it
        String theirs = "Last name,E-mail,Company\nSeller,seller@" + Api.unique("s") + ".example," + newCo + "\n";
        JsonNode sellers = imports.run(seller.token(), theirs, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(sellers.get("counts").get("created").asLong()).as(sellers.toString()).isEqualTo(1);
        long sellersAccount = jdbc.sql("select account_id from contacts where last_name = 'Seller' and owner_id = :o")
                .param("o", seller.id()).query(Long.class).single();
        assertThat(sellersAccount).isNotEqualTo(imported.get(1).get("accountId").asLong());
    }

    @Test
    void customFieldsAreMatchedByLabelAndCheckedByType() {
        String key = "imp_" + Api.unique("n").substring(2, 10).replace("-", "");
        Api.Response defined = api.post("/api/v1/custom-fields", fx.admin(),
                "{\"entity\":\"CONTACT\",\"key\":\"" + key + "\",\"label\":\"Score " + key + "\",\"type\":\"NUMBER\"}");
        assertThat(defined.status()).as(defined.body()).isEqualTo(201);
        String csv = "Last name,E-mail,Score " + key + "\nNumeric,num@" + domain + ",42.5\nWordy,word@" + domain + ",lots\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(done.get("columns").get("Score " + key).asString()).isEqualTo("custom." + key);
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(1);
        assertThat(contactsByDomain(fx.admin()).getFirst().get("customFields").get(key).asDouble()).isEqualTo(42.5);
        assertThat(api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", fx.admin()).body())
                .contains("3,\"Score " + key + "\",\"'lots' is not a number\"");
        api.delete("/api/v1/custom-fields/" + defined.json().get("id").asLong(), fx.admin());
    }

    @Test
    void activitiesReferToContactsByEmailOrId() {
        JsonNode contact = fx.contact(fx.admin(), "{\"lastName\":\"Timeline\",\"emails\":[\"tl@" + domain + "\"]}");
        long id = contact.get("id").asLong();
        String csv = "Type,When,Contact e-mail,Contact id,Subject,Body,Duration\n"
                + "call,2025-03-01T10:00:00Z,TL@" + domain + ",,Intro call,,600\n"
                + "note,2025-03-02 09:30,," + id + ",,Sent the offer,\n"
                + "meeting,2025-03-03,nobody@" + domain + ",,Lunch,,\n"
                + "fax,2025-03-04,tl@" + domain + ",,,,\n"
                + "note,yesterday,tl@" + domain + ",,,text,\n";
        JsonNode done = imports.run(fx.admin(), csv, ImportClient.mapping("ACTIVITY", "SKIP"));
        assertThat(done.get("counts").get("created").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(done.get("counts").get("rejected").asLong()).isEqualTo(3);
        JsonNode timeline = api.get("/api/v1/activities?contact=" + id, fx.admin()).json();
        assertThat(timeline.get("items")).hasSize(2);
        assertThat(timeline.toString()).contains("Intro call", "Sent the offer");
        String report = api.get("/api/v1/imports/" + done.get("id").asLong() + "/errors", fx.admin()).body();
        assertThat(report).contains("4,\"Contact e-mail\",\"no contact with the e-mail nobody@" + domain + "\"")
                .contains("5,\"Type\",\"'fax' is not one of [NOTE, CALL, MEETING, EMAIL]\"")
                .contains("6,\"When\"");
        JsonNode again = imports.run(fx.admin(), csv, ImportClient.mapping("ACTIVITY", "SKIP"));
        assertThat(again.get("counts").get("skipped").asLong()).isEqualTo(2);
    }

    @Test
    void badFilesAreRefusedAtUploadWithClearProblems() {
        String mapping = ImportClient.mapping("CONTACT", "SKIP");
        assertProblem(imports.upload(fx.admin(), "", mapping), 400);
        assertThat(imports.upload(fx.admin(), "\n\n", mapping).body()).contains("The file is empty");
        assertThat(imports.upload(fx.admin(), "Last name,E-mail\n", mapping).body()).contains("header row but no data rows");
        JsonNode twice = assertInvalid(imports.upload(fx.admin(), "Last name,E-mail,e-mail\nA,a@" + domain + ",b@" + domain + "\n", mapping), "file");
        assertThat(twice.get("detail").asString()).contains("'e-mail' appears twice (columns 2 and 3)");
        JsonNode quote = assertInvalid(imports.upload(fx.admin(), "Last name,E-mail\n\"Open,a@" + domain + "\nB,b@x.de\n", mapping), "file");
        assertThat(quote.get("detail").asString()).contains("never closed");

        byte[] latin1 = ("Last name,E-mail\nCafé,cafe@" + domain + "\n").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode encoding = assertInvalid(imports.upload(fx.admin(), latin1, mapping), "file");
        assertThat(encoding.get("detail").asString()).contains("not UTF-8").contains("offset 20").contains("line 2");
        assertThat(jdbc.sql("select count(*) from imports where file_name = 'people.csv' and status = 'UPLOADED'")
                .query(Long.class).single()).as("nothing is kept of refused uploads").isZero();
    }

    @Test
    void aQuoteNeverClosedAfterThePreviewStopsTheJobKeepingTheRowsBefore() {
        StringBuilder csv = new StringBuilder("Last name,E-mail\n");
        for (int i = 0; i < 30; i++) csv.append("Row").append(i).append(",r").append(i).append('@').append(domain).append('\n');
        csv.append("\"Unclosed,x@").append(domain).append('\n').append("More,more@").append(domain).append('\n');
        JsonNode done = imports.run(fx.admin(), csv.toString(), ImportClient.mapping("CONTACT", "SKIP"));
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("never closed");
        assertThat(done.get("counts").get("created").asLong()).isEqualTo(30);
    }

    @Test
    void mappingProblemsNameTheColumnOrField() {
        String csv = "Last name,E-mail\nA,a@" + domain + "\n";
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"CONTACT\",\"columns\":{\"E-mail\":\"emial\"}}"), "columns.E-mail");
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"CONTACT\",\"columns\":{\"Phone\":\"phone\"}}"), "columns.Phone");
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"CONTACT\",\"columns\":{\"Last name\":\"ignore\"}}"), "columns");
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"DEALS\"}"), "entity");
        JsonNode noContact = assertInvalid(imports.upload(fx.admin(), "Type,When,Body\nnote,2025-01-01,hi\n", "{\"entity\":\"ACTIVITY\"}"), "columns");
        assertThat(noContact.get("detail").asString()).contains("contactEmail or contactId");
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"CONTACT\",\"duplicates\":\"MERGE\"}"), "duplicates");
        assertInvalid(imports.upload(fx.admin(), csv, "{\"entity\":\"CONTACT\",\"sheet\":1}"), "mapping.sheet");
        assertProblem(imports.upload(fx.admin(), csv, "{not json"), 400);
        assertInvalid(imports.upload(fx.admin(), csv, null), "mapping");
    }

    @Test
    void importsAreVisibleToTheirOwnerAndAdminsOnly() {
        long team = fx.team();
        ApiFixtures.User sales = fx.user("SALES", team);
        ApiFixtures.User mate = fx.user("SALES", team);
        ApiFixtures.User readOnly = fx.user("READ_ONLY", null);
        String csv = "Last name,E-mail\nMine,mine@" + domain + "\n";
        assertProblem(imports.upload(readOnly.token(), csv, ImportClient.mapping("CONTACT", "SKIP")), 403);
        JsonNode done = imports.run(sales.token(), csv, ImportClient.mapping("CONTACT", "SKIP"));
        long id = done.get("id").asLong();
        assertProblem(api.get("/api/v1/imports/" + id, mate.token()), 404);
        assertProblem(api.get("/api/v1/imports/" + id + "/errors", mate.token()), 404);
        assertProblem(api.get("/api/v1/imports/" + id, readOnly.token()), 404);
        assertThat(api.get("/api/v1/imports/" + id, fx.admin()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/imports", mate.token()).json().get("items").toString()).doesNotContain("\"id\":" + id + ",");
        assertThat(api.get("/api/v1/imports?limit=500", sales.token()).json().get("items").get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void aSalesUsersDuplicateCheckSeesOnlyTheirBook() {
        ApiFixtures.User other = fx.user("SALES", fx.team());
        ApiFixtures.User sales = fx.user("SALES", fx.team());
        fx.contact(other.token(), "{\"lastName\":\"Hidden\",\"emails\":[\"hidden@" + domain + "\"]}");
        JsonNode done = imports.run(sales.token(), "Last name,E-mail\nMine,hidden@" + domain + "\n", ImportClient.mapping("CONTACT", "UPDATE"));
        assertThat(done.get("counts").get("created").asLong()).as("another book's contact is not matched, nor changed").isEqualTo(1);
        assertThat(done.get("counts").get("updated").asLong()).isZero();
    }
}
