package io.rapport.customers.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.rapport.customers.demo.CustomerDataGenerator.AccountRow;
import io.rapport.customers.demo.CustomerDataGenerator.ContactRow;
import io.rapport.customers.demo.CustomerDataGenerator.Owner;
import io.rapport.customers.demo.CustomerDataGenerator.Plan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pure unit tests of the row generation; no database needed. */
class CustomerDataGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<Owner> OWNERS = List.of(new Owner(11, 1L), new Owner(12, 1L), new Owner(13, 2L),
            new Owner(14, null));
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{7,14}$");
    private static final Set<String> STAGES = Set.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");
    private static final Set<String> CHANNELS = Set.of("EMAIL", "PHONE", "SMS", "CHAT", "SOCIAL", "IN_PERSON");
    private static final Set<String> SOURCES = Set.of("web form", "referral", "trade show", "cold call", "partner",
            "import", "webinar");
    private static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es", "nl", "it");
    private static final Set<String> SIZES = Set.of("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+");
    private static final Set<String> TIERS = Set.of("STANDARD", "SILVER", "GOLD", "PLATINUM");

    private static Plan plan(long seed, boolean custom) {
        return new Plan(200, 1_000, seed, OWNERS, NOW, custom);
    }

    @Test
    void sameSeedGivesSameRows() {
        assertEquals(CustomerDataGenerator.sampleAccounts(plan(7, true), 100),
                CustomerDataGenerator.sampleAccounts(plan(7, true), 100));
        assertEquals(CustomerDataGenerator.sampleContacts(plan(7, true), 100),
                CustomerDataGenerator.sampleContacts(plan(7, true), 100));
    }

    @Test
    void differentSeedGivesDifferentRows() {
        assertNotEquals(CustomerDataGenerator.sampleContacts(plan(7, false), 100),
                CustomerDataGenerator.sampleContacts(plan(8, false), 100));
    }

    @Test
    void contactsAreValid() {
        Plan plan = plan(42, false);
        List<AccountRow> accounts = CustomerDataGenerator.sampleAccounts(plan, plan.accounts());
        List<ContactRow> contacts = CustomerDataGenerator.sampleContacts(plan, 2_000);
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        Instant earliest = NOW.atOffset(ZoneOffset.UTC).minusMonths(18).toInstant();
        Set<Long> ownerIds = new HashSet<>();
        OWNERS.forEach(o -> ownerIds.add(o.userId()));

        for (ContactRow c : contacts) {
            assertFalse(c.lastName().isBlank());
            assertFalse(c.firstName().isBlank());
            assertTrue(STAGES.contains(c.lifecycleStage()), c.lifecycleStage());
            assertTrue(CHANNELS.contains(c.preferredChannel()), c.preferredChannel());
            assertTrue(SOURCES.contains(c.source()), c.source());
            assertTrue(LANGUAGES.contains(c.language()), c.language());
            assertTrue(ownerIds.contains(c.ownerId()));
            Owner owner = OWNERS.stream().filter(o -> o.userId() == c.ownerId()).findFirst().orElseThrow();
            assertEquals(owner.teamId(), c.teamId(), "team is the owner's team");

            assertFalse(c.emails().isEmpty());
            assertTrue(c.emails().size() <= 2);
            for (String email : c.emails()) {
                assertTrue(email.matches("^[a-z0-9._]+@[a-z0-9.-]+\\.[a-z]{2,}$"), email);
            }
            if (c.accountIndex() >= 0) {
                String domain = accounts.get(c.accountIndex()).domain();
                assertTrue(c.emails().getFirst().endsWith("@" + domain), c.emails() + " vs " + domain);
            }

            for (String phone : c.phones()) {
                assertTrue(E164.matcher(phone).matches(), phone);
                PhoneNumber parsed = parse(phones, phone);
                assertTrue(phones.isValidNumber(parsed), phone);
                assertEquals(c.country(), phones.getRegionCodeForNumber(parsed), "country matches " + phone);
            }

            assertFalse(c.createdAt().isBefore(earliest));
            assertTrue(c.createdAt().isBefore(NOW));
            assertFalse(c.updatedAt().isBefore(c.createdAt()));
            assertFalse(c.updatedAt().isAfter(NOW));
            if (c.emailConsent()) {
                assertNotNull(c.emailConsentAt());
                assertTrue(Set.of("web form", "import", "double opt-in").contains(c.emailConsentSource()));
                assertFalse(c.emailConsentAt().isBefore(c.createdAt()));
            } else {
                assertNull(c.emailConsentAt());
                assertNull(c.emailConsentSource());
            }
            assertEquals("{}", c.customJson());
            assertEquals(c.tags().size(), new HashSet<>(c.tags()).size(), "no duplicate tags");
        }
    }

    @Test
    void distributionsAreRealistic() {
        List<ContactRow> contacts = CustomerDataGenerator.sampleContacts(new Plan(500, 0, 3, OWNERS, NOW), 10_000);
        long withoutAccount = contacts.stream().filter(c -> c.accountIndex() < 0).count();
        long consent = contacts.stream().filter(ContactRow::emailConsent).count();
        long customers = contacts.stream().filter(c -> c.lifecycleStage().equals("CUSTOMER")).count();
        assertTrue(withoutAccount > 700 && withoutAccount < 1_300, "about 10% without account: " + withoutAccount);
        assertTrue(consent > 5_500 && consent < 6_500, "about 60% consent: " + consent);
        assertTrue(customers > 1_500 && customers < 3_500, "customers: " + customers);
        Set<Long> owners = new HashSet<>();
        contacts.forEach(c -> owners.add(c.ownerId()));
        assertEquals(OWNERS.size(), owners.size(), "every owner gets contacts");
    }

    @Test
    void accountsAreValidAndNamesUnique() {
        Plan plan = new Plan(30_000, 0, 5, OWNERS, NOW);
        List<AccountRow> accounts = CustomerDataGenerator.sampleAccounts(plan, plan.accounts());
        Set<String> names = new HashSet<>();
        for (AccountRow a : accounts) {
            assertTrue(names.add(a.name()), "duplicate name " + a.name());
            assertTrue(a.name().length() <= 200);
            assertTrue(a.domain().matches("^[a-z0-9-]+(\\.[a-z]{2,})+$"), a.domain());
            assertTrue(SIZES.contains(a.size()), a.size());
            assertTrue(TIERS.contains(a.tier()), a.tier());
            assertNotNull(a.industry());
            assertFalse(a.updatedAt().isBefore(a.createdAt()));
        }
    }

    @Test
    void customValuesWhenAsked() {
        Plan plan = plan(9, true);
        List<AccountRow> accounts = CustomerDataGenerator.sampleAccounts(plan, plan.accounts());
        assertTrue(accounts.stream().anyMatch(a -> a.customJson().matches("\\{\"arr\": \\d+.*")));
        assertTrue(accounts.stream().anyMatch(a -> a.customJson().matches(".*\"contract_renewal\": \"\\d{4}-\\d{2}-\\d{2}\".*")));
        List<ContactRow> contacts = CustomerDataGenerator.sampleContacts(plan, 500);
        assertTrue(contacts.stream().anyMatch(c -> c.customJson().contains("\"segment\": \"Mid-market\"")));
        assertTrue(contacts.stream().anyMatch(c -> c.customJson().matches(".*\"nps_last\": (10|\\d)[,}].*")));
        assertTrue(contacts.stream().anyMatch(c -> c.customJson().matches(".*\"birthday\": \"\\d{4}-\\d{2}-\\d{2}\".*")));
        for (ContactRow c : contacts) {
            assertTrue(c.customJson().startsWith("{") && c.customJson().endsWith("}"));
        }
    }

    @Test
    void csvAndArrayEscaping() {
        StringBuilder sb = new StringBuilder();
        CustomerDataGenerator.csv(sb, "O'Brien, \"Jr\"\nline");
        assertEquals("\"O'Brien, \"\"Jr\"\"\nline\"", sb.toString());

        sb.setLength(0);
        CustomerDataGenerator.csv(sb, null);
        assertEquals("", sb.toString(), "null is an empty unquoted field");
        CustomerDataGenerator.csv(sb, "");
        assertEquals("\"\"", sb.toString(), "empty string stays distinguishable from null");

        assertEquals("{}", CustomerDataGenerator.pgArray(List.of()));
        assertEquals("{\"a b\",\"c,d\",\"e\\\"f\",\"g\\\\h\"}",
                CustomerDataGenerator.pgArray(List.of("a b", "c,d", "e\"f", "g\\h")));

        sb.setLength(0);
        CustomerDataGenerator.csv(sb, CustomerDataGenerator.pgArray(List.of("vip", "trade-show-2026")));
        assertEquals("\"{\"\"vip\"\",\"\"trade-show-2026\"\"}\"", sb.toString());
    }

    @Test
    void contactCsvLineHasAllColumns() {
        Plan plan = plan(1, true);
        List<ContactRow> contacts = CustomerDataGenerator.sampleContacts(plan, 50);
        long[] accountIds = new long[plan.accounts()];
        for (int i = 0; i < accountIds.length; i++) {
            accountIds[i] = 1_000 + i;
        }
        for (ContactRow c : contacts) {
            StringBuilder sb = new StringBuilder();
            c.appendCsv(sb, accountIds);
            String line = sb.toString();
            assertTrue(line.endsWith("\n"));
            assertEquals(24, countCsvFields(line.substring(0, line.length() - 1)), line);
        }
    }

    @Test
    void asciiTransliteration() {
        assertEquals("juergen", CustomerDataGenerator.ascii("Jürgen"));
        assertEquals("obrien", CustomerDataGenerator.ascii("O'Brien"));
        assertEquals("dejong", CustomerDataGenerator.ascii("de Jong"));
        assertEquals("elodie", CustomerDataGenerator.ascii("Élodie"));
        assertEquals("yilmaz", CustomerDataGenerator.ascii("Yılmaz"));
    }

    @Test
    void contactsNeedAccountsFirst() {
        CustomerDataGenerator.RowSource rows = new CustomerDataGenerator.RowSource(plan(1, false));
        assertThrows(IllegalStateException.class, rows::nextContact);
    }

    @Test
    void planNeedsAnOwner() {
        assertThrows(IllegalArgumentException.class, () -> new Plan(1, 1, 1, List.of(), NOW));
    }

    private static PhoneNumber parse(PhoneNumberUtil util, String phone) {
        try {
            return util.parse(phone, null);
        } catch (NumberParseException e) {
            throw new AssertionError(phone, e);
        }
    }

    /** Counts the fields of one CSV line, honouring quotes. */
    private static int countCsvFields(String line) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                fields++;
            }
        }
        return fields;
    }
}
