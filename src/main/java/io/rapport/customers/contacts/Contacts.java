package io.rapport.customers.contacts;

import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.RowStream;
import io.rapport.customers.ownership.OwnerCheck;
import io.rapport.customers.listing.ListQuery.SortKey;
import io.rapport.customers.listing.ListQuery.Sorting;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Contacts: validated writes with optimistic versions and an audit trail, and visibility-scoped reads. */
@Service
public class Contacts {

    static final List<SortKey> SORTS = List.of(
            new SortKey("name", "lower(c.last_name || ' ' || c.first_name)", "text"),
            new SortKey("createdAt", "c.created_at", "timestamptz"),
            new SortKey("updatedAt", "c.updated_at", "timestamptz"),
            new SortKey("stage", "c.lifecycle_stage", "text"));

    private final ContactRepository contacts;
    private final Accounts accounts;
    private final CustomFields customFields;
    private final OwnerCheck owners;
    private final AuditLog audit;
    private final String phoneRegion;

    Contacts(ContactRepository contacts, Accounts accounts, CustomFields customFields, OwnerCheck owners, AuditLog audit,
             @Value("${rapport.phone.default-region}") String phoneRegion) {
        this.contacts = contacts;
        this.accounts = accounts;
        this.customFields = customFields;
        this.owners = owners;
        this.audit = audit;
        this.phoneRegion = phoneRegion;
    }

    public Contact get(CurrentUser user, long id) {
        return contacts.find(user, id).orElseThrow(() -> Problems.notFound("Contact", id));
    }

    /** The account a contact belongs to, for modules acting without a user (events, jobs). Empty: no such contact. */
    public java.util.Optional<java.util.Optional<Long>> accountOf(long contactId) {
        return contacts.accountOf(contactId);
    }

    /** A contact the user can see with this e-mail address, for matching instead of duplicating (lead conversion). */
    public java.util.Optional<Contact> findByEmail(CurrentUser user, String email) {
        if (email == null || email.isBlank()) return java.util.Optional.empty();
        return contacts.findIdByEmail(user, email.trim()).flatMap(id -> contacts.find(user, id));
    }

    /**
     * For channels acting without a user (e-mail intake): the contact with this address, whoever owns it, or a new
     * unowned one named after the sender. Serialised per address so two mails from a new sender make one contact.
     */
    @Transactional
    public long findOrCreateByEmail(String email, String displayName, String source) {
        return findOrCreateByEmail(email, displayName, source, null, null);
    }

    /**
     * As {@link #findOrCreateByEmail(String, String, String)}, a new contact being owned by {@code ownerId} and in
     * {@code teamId} (the channel's setting; either may be null). An existing contact keeps its owner.
     */
    @Transactional
    public long findOrCreateByEmail(String email, String displayName, String source, Long ownerId, Long teamId) {
        String address = email.trim();
        contacts.lockAddress(address);
        return contacts.findIdByEmail(address).orElseGet(() -> {
            String name = displayName == null || displayName.isBlank() ? address.substring(0, Math.max(1, address.indexOf('@'))) : displayName.trim();
            int space = name.lastIndexOf(' ');
            String first = space > 0 ? name.substring(0, space) : "";
            String last = space > 0 ? name.substring(space + 1) : name;
            long id = contacts.insertFromChannel(truncate(first), truncate(last), address.toLowerCase(java.util.Locale.ROOT), source,
                    ownerId, teamId);
            audit.record("CREATE", "CONTACT", id, "Created contact " + (first + " " + last).trim() + " from " + source, Map.of());
            return id;
        });
    }

    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    @Transactional
    public Contact create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, ContactDraft.FIELDS);
        ContactDraft draft = new ContactDraft();
        draft.ownerId = user.id();
        draft.apply(in, phoneRegion, customFields, true);
        if (draft.emailConsent && draft.emailConsentSource == null) draft.emailConsentSource = "api";
        Long teamId = checkReferences(user, draft, in);
        in.throwIfInvalid();
        long id = contacts.insert(draft, teamId);
        Contact created = get(user, id);
        audit.record("CREATE", "CONTACT", id, "Created contact " + created.name(), FieldChange.of(created.snapshot(), true));
        return created;
    }

    @Transactional
    public Contact update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Contact current = get(user, id);
        JsonFields in = new JsonFields(body, ContactDraft.FIELDS);
        ContactDraft draft = ContactDraft.of(current);
        draft.apply(in, phoneRegion, customFields, false);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, draft.version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        Long teamId = checkReferences(user, draft, in);
        in.throwIfInvalid();
        expected.requireMatches("Contact", id, current.version());
        if (!contacts.update(id, current.version(), draft, teamId)) throw expected.lostRace("Contact", id, current.version());
        Contact updated = get(user, id);
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "CONTACT", id, "Updated contact " + updated.name(), changes);
        return updated;
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Contact current = get(user, id);
        contacts.delete(id);
        audit.record("DELETE", "CONTACT", id, "Deleted contact " + current.name(), FieldChange.of(current.snapshot(), false));
    }

    public PageResult<Contact> list(CurrentUser user, ContactFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        ListQuery query = query(user, f);
        List<ContactRepository.Row> rows = contacts.page(query, sorting, f.cursor(), f.limit());
        return ListQuery.toPage(rows, f.limit(), ContactRepository.Row::contact, ContactRepository.Row::sortValue, Contact::id);
    }

    /**
     * Every contact of a list view in its order, for exports. The filter is checked now (a bad one is a 400 before
     * anything is written); the rows are read through a database cursor when the stream is consumed.
     */
    public RowStream<Contact> rows(CurrentUser user, ContactFilter f) {
        Sorting sorting = Sorting.parse(f.sort(), SORTS, SORTS.getFirst());
        ListQuery query = query(user, f);
        return each -> contacts.forEach(query, sorting, each);
    }

    public long count(CurrentUser user, ContactFilter f) {
        return contacts.count(query(user, f));
    }

    /**
     * Adds a tag to the contacts among {@code ids} this user may see and change (e.g. a saved analytics group for a
     * campaign: the list is then {@code /contacts?tag=…}); contacts that already carry it are left alone. Returns how many
     * contacts carry the tag now among those asked for. One audit entry for the batch.
     */
    @Transactional
    public int addTag(CurrentUser user, java.util.Collection<Long> ids, String tag) {
        RecordVisibility.requireWriter(user);
        String clean = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT);
        if (clean.isEmpty() || clean.length() > 50) throw Problems.invalid("tag", "a tag of 1 to 50 characters");
        int tagged = contacts.addTag(user, ids.stream().mapToLong(Long::longValue).toArray(), clean);
        audit.record("UPDATE", "CONTACT", null, "Tagged " + tagged + " contacts '" + clean + "'", Map.of());
        return tagged;
    }

    public Map<String, Long> countByStage(CurrentUser user) {
        return contacts.countByStage(user);
    }

    private ListQuery query(CurrentUser user, ContactFilter f) {
        ListQuery q = new ListQuery("c", user).owner(f.owner(), user).tag(f.tag()).updatedSince(f.updatedSince()).text(f.q());
        if (f.stage() != null && !f.stage().isBlank()) {
            String[] stages = Arrays.stream(f.stage().split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).toArray(String[]::new);
            for (String s : stages) {
                if (Arrays.stream(LifecycleStage.values()).noneMatch(v -> v.name().equals(s))) {
                    throw Problems.invalid("stage", "'" + s + "' is not one of " + Arrays.toString(LifecycleStage.values()));
                }
            }
            q.and("c.lifecycle_stage = any(?)", stages);
        }
        if (f.account() != null && !f.account().isBlank()) {
            if (f.account().equals("none")) q.and("c.account_id is null");
            else q.and("c.account_id = ?", ListQuery.parseId("account", f.account()));
        }
        if (f.source() != null && !f.source().isBlank()) q.and("lower(c.source) = lower(?)", f.source().trim());
        if (f.channel() != null && !f.channel().isBlank()) q.and("c.preferred_channel = ?", f.channel().trim().toUpperCase(Locale.ROOT));
        if (f.country() != null && !f.country().isBlank()) q.and("c.country = ?", f.country().trim().toUpperCase(Locale.ROOT));
        if (f.emailConsent() != null) q.and("c.email_consent = ?", f.emailConsent());
        ContactFilter.More more = f.more() == null ? ContactFilter.More.NONE : f.more();
        if (present(more.jobTitle())) q.and("c.job_title ilike ?", "%" + ListQuery.escapeLike(more.jobTitle().trim()) + "%");
        if (present(more.city())) q.and("lower(c.city) = lower(?)", more.city().trim());
        if (present(more.language())) q.and("lower(c.language) = lower(?)", more.language().trim());
        if (present(more.emailDomain())) {
            q.and("c.search_text like ?", "%@" + ListQuery.escapeLike(more.emailDomain().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        q.createdBetween(more.createdSince(), more.createdBefore());
        Contact.KEY_FIELDS.filter(q, more.missing(), more.completenessBelow());
        if (f.custom() != null && !f.custom().isEmpty()) {
            q.customFields(f.custom(), customFields.of(EntityKind.CONTACT), "contact");
        }
        return q;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    boolean accountVisible(CurrentUser user, long accountId) {
        return accounts.isVisible(user, accountId);
    }

    /** Owner rules as for every record; the account must be visible. Returns the owner's team. */
    private Long checkReferences(CurrentUser user, ContactDraft draft, JsonFields in) {
        Long teamId = owners.teamOf(user, draft.ownerId, in);
        if (draft.accountId != null && !accounts.isVisible(user, draft.accountId)) {
            in.error("accountId", "no account " + draft.accountId);
        }
        return teamId;
    }
}
