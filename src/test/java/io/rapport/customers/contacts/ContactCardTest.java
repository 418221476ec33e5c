package io.rapport.customers.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.customers.export.VCardWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactCardTest {

    static Contact contact(long id, String first, String last, List<String> emails, List<String> phones, String title,
                           String account, Contact.Address address, String language, List<String> tags) {
        return new Contact(id, first, last, emails, phones, title, account == null ? null : 7L, account, 1L, "Owner", null,
                LifecycleStage.LEAD, null, null, language, address, tags, new Contact.Consent(false, null, null), Map.of(),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-30T17:45:10Z"), 3);
    }

    static final Contact.Address NO_ADDRESS = new Contact.Address(null, null, null, null, null);

    static String card(Contact c) {
        StringWriter out = new StringWriter();
        ContactCard.write(c, new VCardWriter(out));
        return out.toString();
    }

    @Test
    void writesTheKeyPropertiesOfAContact() {
        Contact c = contact(42, "Zoë", "O'Neil; Smith", List.of("zoe@acme.com", "zoe@home.example"),
                List.of("+14155552671", "+4915112345678"), "Head of R&D, EMEA", "Acme, Inc.",
                new Contact.Address("1 Main St\nSuite 5", "Berlin", null, "10115", "DE"), "de-DE", List.of("vip", "emea"));
        assertThat(card(c)).isEqualTo(String.join("\r\n",
                "BEGIN:VCARD",
                "VERSION:4.0",
                "PRODID:-//Rapport//Rapport CRM//EN",
                "UID:" + ContactCard.uid(42),
                "KIND:individual",
                "FN:Zoë O'Neil\\; Smith",
                "N:O'Neil\\; Smith;Zoë;;;",
                "EMAIL;PREF=1:zoe@acme.com",
                "EMAIL:zoe@home.example",
                "TEL;VALUE=uri;PREF=1;TYPE=voice:tel:+14155552671",
                "TEL;VALUE=uri;TYPE=voice:tel:+4915112345678",
                "ORG:Acme\\, Inc.",
                "TITLE:Head of R&D\\, EMEA",
                "ADR;CC=DE:;;1 Main St\\nSuite 5;Berlin;;10115;Germany",
                "LANG:de-DE",
                "CATEGORIES:vip,emea",
                "REV:20261130T174510Z",
                "END:VCARD", ""));
    }

    @Test
    void leavesOutWhatTheContactDoesNotHave() {
        String card = card(contact(5, "", "Solo", List.of(), List.of(), null, null, NO_ADDRESS, "Deutsch (Schweiz)!", List.of()));
        assertThat(card).contains("FN:Solo\r\n", "N:Solo;;;;\r\n")
                .doesNotContain("EMAIL", "TEL", "ORG", "TITLE", "ADR", "LANG", "CATEGORIES");
    }

    @Test
    void writesANumberThatIsNotE164AsText() {
        assertThat(card(contact(6, "A", "B", List.of(), List.of("ext. 42"), null, null, NO_ADDRESS, null, List.of())))
                .contains("\r\nTEL;VALUE=text;PREF=1:ext. 42\r\n");
    }

    @Test
    void givesEachContactAStableUid() {
        assertThat(ContactCard.uid(42)).isEqualTo(ContactCard.uid(42)).isNotEqualTo(ContactCard.uid(43))
                .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void writesSeveralCardsIntoOneFile() {
        Contact a = contact(1, "Ann", "A", List.of(), List.of(), null, null, NO_ADDRESS, null, List.of());
        Contact b = contact(2, "Bo", "B", List.of(), List.of(), "x".repeat(100), null, NO_ADDRESS, null, List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = ContactCard.writeAll(each -> {
            each.accept(a);
            each.accept(b);
            return 2;
        }, out);
        String file = out.toString(StandardCharsets.UTF_8);
        assertThat(n).isEqualTo(2);
        assertThat(file.split("BEGIN:VCARD", -1)).hasSize(3);
        assertThat(file).startsWith("BEGIN:VCARD\r\n").endsWith("END:VCARD\r\n").contains("END:VCARD\r\nBEGIN:VCARD\r\n");
        assertThat(file).contains("TITLE:" + "x".repeat(69) + "\r\n " + "x".repeat(31) + "\r\n");
    }
}
