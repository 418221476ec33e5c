package io.rapport.customers.contacts;

import io.rapport.customers.export.VCardWriter;
import io.rapport.customers.listing.RowStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** A contact as a vCard 4.0, for address books and phones; a list of contacts is one .vcf file of several cards. */
final class ContactCard {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2}");

    private ContactCard() {}

    /** Writes every contact as a card and returns how many. */
    static long writeAll(RowStream<Contact> contacts, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        VCardWriter cards = new VCardWriter(writer);
        long count = contacts.forEach(c -> write(c, cards));
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    static void write(Contact c, VCardWriter card) {
        card.begin()
                .raw("PRODID", "-//Rapport//Rapport CRM//EN")
                .raw("UID", uid(c.id()))
                .raw("KIND", "individual")
                .text("FN", c.name())
                .compound("N", c.lastName(), c.firstName() == null ? "" : c.firstName(), "", "", "");
        for (int i = 0; i < c.emails().size(); i++) {
            card.text("EMAIL" + (i == 0 ? ";PREF=1" : ""), c.emails().get(i));
        }
        for (int i = 0; i < c.phones().size(); i++) {
            String phone = c.phones().get(i);
            String pref = i == 0 ? ";PREF=1" : "";
            // stored numbers are E.164, which a tel: URI takes as it is (RFC 3966); anything else goes out as text
            if (E164.matcher(phone).matches()) card.raw("TEL;VALUE=uri" + pref + ";TYPE=voice", "tel:" + phone);
            else card.text("TEL;VALUE=text" + pref, phone);
        }
        card.text("ORG", c.accountName()).text("TITLE", c.jobTitle());
        Contact.Address a = c.address();
        if (!a.oneLine().isEmpty()) {
            boolean code = a.country() != null && COUNTRY_CODE.matcher(a.country()).matches();
            card.compound("ADR" + (code ? ";CC=" + a.country() : ""), "", "", nz(a.street()), nz(a.city()), nz(a.region()),
                    nz(a.postalCode()), code ? countryName(a.country()) : nz(a.country()));
        }
        if (c.language() != null && LANGUAGE_TAG.matcher(c.language().trim()).matches()) card.raw("LANG", c.language().trim());
        card.list("CATEGORIES", c.tags()).timestamp("REV", c.updatedAt()).end();
    }

    /** Stable across exports, so an address book updates the card it imported before instead of adding a second one. */
    static String uid(long contactId) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("rapport:contact:" + contactId).getBytes(StandardCharsets.UTF_8));
    }

    private static String countryName(String code) {
        String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? code : name;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
