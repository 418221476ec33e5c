package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.web.JsonFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An account being created or changed. */
final class AccountDraft {

    static final Set<String> FIELDS = Set.of("name", "domain", "industry", "size", "tier", "ownerId", "parentId", "tags",
            "customFields", "version", "id", "ownerName", "parentName", "teamId", "contactCount", "createdAt", "updatedAt", "missing", "completeness");

    String name;
    String domain;
    String industry;
    String size;
    String tier;
    Long ownerId;
    Long parentId;
    List<String> tags = List.of();
    Map<String, Object> custom = new LinkedHashMap<>();
    Integer version;

    static AccountDraft of(Account a) {
        AccountDraft d = new AccountDraft();
        d.name = a.name();
        d.domain = a.domain();
        d.industry = a.industry();
        d.size = a.size();
        d.tier = a.tier();
        d.ownerId = a.ownerId();
        d.parentId = a.parentId();
        d.tags = a.tags();
        d.custom = new LinkedHashMap<>(a.customFields());
        return d;
    }

    void apply(JsonFields in, CustomFields customFields, boolean creating) {
        if (in.has("name")) name = in.text("name", 200);
        if (in.has("domain")) {
            domain = in.text("domain", 253);
            if (domain != null) {
                domain = domain.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "").replaceFirst("/.*$", "");
                if (!domain.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) in.error("domain", "not a domain name such as example.com");
            }
        }
        if (in.has("industry")) industry = in.text("industry", 100);
        if (in.has("size")) {
            size = in.text("size", 20);
            if (size != null && !Account.SIZES.contains(size)) in.error("size", "one of " + Account.SIZES);
        }
        if (in.has("tier")) {
            tier = in.text("tier", 20);
            if (tier != null) tier = tier.toUpperCase(Locale.ROOT);
            if (tier != null && !Account.TIERS.contains(tier)) in.error("tier", "one of " + Account.TIERS);
        }
        if (in.has("ownerId")) ownerId = in.id("ownerId");
        if (in.has("parentId")) parentId = in.id("parentId");
        if (in.has("tags")) tags = in.strings("tags", 30, 50).stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
        if (in.has("version")) version = in.integer("version");
        if (in.has("customFields") || creating) {
            custom = customFields.apply(EntityKind.ACCOUNT, custom, in.node("customFields"), "customFields", in.errors());
        }
        if (name == null) in.error("name", "required");
    }
}
