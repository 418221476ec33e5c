package io.rapport.commerce.orders;

import io.rapport.activities.Timeline;
import io.rapport.activities.Touchpoint;
import io.rapport.commerce.products.Catalog;
import io.rapport.commerce.products.Money;
import io.rapport.commerce.products.Product;
import io.rapport.customers.accounts.Accounts;
import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.customers.contacts.CustomerLifecycle;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Orders: checked as a whole before anything is written (a bad line leaves no order behind), priced from the
 * catalogue when a line has no unit price, visible with their contact or account, recorded on the contact's
 * timeline, and a first order makes a lead or prospect a customer.
 */
@Service
public class Orders {

    /** The largest total orders.total holds. */
    private static final BigDecimal MAX_TOTAL = new BigDecimal("99999999999999.99");

    private final OrderRepository orders;
    private final Catalog catalog;
    private final Contacts contacts;
    private final Accounts accounts;
    private final CustomerLifecycle lifecycle;
    private final Timeline timeline;
    private final AuditLog audit;
    private final org.springframework.context.ApplicationEventPublisher events;

    Orders(OrderRepository orders, Catalog catalog, Contacts contacts, Accounts accounts, CustomerLifecycle lifecycle,
           Timeline timeline, AuditLog audit, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.orders = orders;
        this.catalog = catalog;
        this.contacts = contacts;
        this.accounts = accounts;
        this.lifecycle = lifecycle;
        this.timeline = timeline;
        this.audit = audit;
    }

    public Order get(CurrentUser user, long id) {
        return orders.find(user, id).orElseThrow(() -> Problems.notFound("Order", id));
    }

    public PageResult<Order> list(CurrentUser user, OrderFilter filter, String cursor, int limit) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        List<Order> page = orders.page(user, filter, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            Order last = page.get(limit - 1);
            next = new Cursor(last.orderedAt().toString(), last.id()).encode();
        }
        return new PageResult<>(page.stream().limit(limit).toList(), next);
    }

    /** Orders and money spent (per currency, without cancelled and refunded orders) of a contact or an account. */
    public record Summary(long count, Map<String, BigDecimal> spent, List<Order> recent) {}

    Summary summary(CurrentUser user, Long contactId, Long accountId, int recent) {
        if (contactId != null) contacts.get(user, contactId);
        else if (!accounts.isVisible(user, accountId)) throw Problems.notFound("Account", accountId);
        String column = contactId != null ? "contact_id" : "account_id";
        long id = contactId != null ? contactId : accountId;
        List<Order> latest = orders.page(user, new OrderFilter(contactId, accountId, null, null, null), null, recent);
        return new Summary(orders.count(column, id), orders.spent(column, id), latest);
    }

    @Transactional
    public Order create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, OrderDraft.FIELDS);
        OrderDraft draft = read(user, in);
        in.throwIfInvalid();
        if (orders.idOfNumber(draft.number).isPresent()) throw duplicate(draft.number);
        long id;
        try {
            id = orders.insert(draft, user.id());
        } catch (DuplicateKeyException e) {
            throw duplicate(draft.number);
        }
        Order created = get(user, id);
        audit.record("CREATE", "ORDER", id, "Created order " + created.number() + " (" + created.currency() + " "
                + created.total().toPlainString() + ")", FieldChange.of(snapshot(created), true));
        if (created.contactId() != null) {
            timeline.record(touchpoint(created.id(), created.number(), created.contactId(), created.orderedAt(),
                    created.currency(), created.total(), created.lines().size()));
            lifecycle.purchased(List.of(created.contactId()), user);
        }
        events.publishEvent(new io.rapport.commerce.OrderPlaced(id, created.contactId(), created.accountId(), created.orderedAt()));
        return get(user, id);
    }

    /** The timeline entry of an order (also used by the import and the demo data). */
    public static Touchpoint touchpoint(long orderId, String number, long contactId, Instant at, String currency, BigDecimal total, int lines) {
        String subject = "Order " + number + (total == null ? "" : " · " + currency + " " + total.toPlainString());
        String body = lines > 0 ? lines + (lines == 1 ? " line" : " lines") : null;
        return new Touchpoint(contactId, Touchpoint.Channel.ORDER, at, subject, body, Touchpoint.JourneyStage.PURCHASE,
                null, "order", String.valueOf(orderId));
    }

    @Transactional
    public Order changeStatus(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireWriter(user);
        Order current = get(user, id);
        JsonFields in = new JsonFields(body, java.util.Set.of("status", "version"));
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, in.integer("version"));
        String status = in.oneOf("status", Order.STATUSES);
        if (status == null && !in.has("status")) in.error("status", "required: one of " + Order.STATUSES);
        in.throwIfInvalid();
        expected.requireMatches("Order", id, current.version());
        if (!orders.updateStatus(id, current.version(), status)) throw expected.lostRace("Order", id, current.version());
        if (!status.equals(current.status())) {
            audit.record("UPDATE", "ORDER", id, "Order " + current.number() + ": " + current.status() + " → " + status,
                    Map.of("status", new FieldChange(current.status(), status)));
        }
        return get(user, id);
    }

    private OrderDraft read(CurrentUser user, JsonFields in) {
        OrderDraft d = new OrderDraft();
        d.number = in.text("number", 64);
        if (d.number == null && in.errors().stream().noneMatch(e -> e.field().equals("number"))) in.error("number", "required");
        d.contactId = in.id("contactId");
        d.accountId = in.id("accountId");
        d.orderedAt = in.has("orderedAt") ? in.instant("orderedAt") : Instant.now();
        d.status = in.has("status") ? in.oneOf("status", Order.STATUSES) : "COMPLETED";
        d.channel = in.has("channel") ? in.oneOf("channel", Order.CHANNELS) : "OTHER";
        String rawCurrency = in.text("currency", 40);
        d.currency = Money.currency(rawCurrency);
        if (rawCurrency == null && in.errors().stream().noneMatch(e -> e.field().equals("currency"))) {
            in.error("currency", "required: an ISO 4217 code such as EUR");
        } else if (rawCurrency != null && d.currency == null) {
            in.error("currency", "unknown currency '" + rawCurrency + "'; use an ISO 4217 code such as EUR or USD");
        }
        checkCustomer(user, d, in);
        readLines(d, in);
        if (d.total().compareTo(MAX_TOTAL) > 0) in.error("lines", "the order total is over " + MAX_TOTAL.toPlainString());
        return d;
    }

    /** The contact (and so by default its account) and the account must exist and be visible to the user. */
    private void checkCustomer(CurrentUser user, OrderDraft d, JsonFields in) {
        if (d.contactId == null && d.accountId == null) {
            if (in.errors().stream().noneMatch(e -> e.field().equals("contactId") || e.field().equals("accountId"))) {
                in.error("contactId", "required: the contact or the account (accountId) that placed the order");
            }
            return;
        }
        if (d.contactId != null) {
            try {
                Contact c = contacts.get(user, d.contactId);
                if (d.accountId == null) d.accountId = c.accountId();
            } catch (ApiProblem notFound) {
                in.error("contactId", "no contact " + d.contactId);
            }
        }
        if (d.accountId != null && in.errors().stream().noneMatch(e -> e.field().equals("accountId"))
                && !accounts.isVisible(user, d.accountId)) {
            in.error("accountId", "no account " + d.accountId);
        }
    }

    private void readLines(OrderDraft d, JsonFields in) {
        JsonNode lines = in.node("lines");
        if (lines == null || lines.isNull() || (lines.isArray() && lines.isEmpty())) {
            in.error("lines", "required: at least one line {\"productId\" or \"sku\", \"quantity\", \"unitPrice\"}");
            return;
        }
        if (!lines.isArray()) {
            in.error("lines", "expected an array of lines");
            return;
        }
        if (lines.size() > OrderDraft.MAX_LINES) {
            in.error("lines", "at most " + OrderDraft.MAX_LINES + " lines");
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String prefix = "lines[" + i + "]";
            if (!lines.get(i).isObject()) {
                in.error(prefix, "expected an object");
                continue;
            }
            JsonFields line = new JsonFields(lines.get(i), OrderDraft.LINE_FIELDS);
            OrderDraft.Line l = readLine(d.currency, line);
            in.absorb(prefix, line);
            if (l != null) d.lines.add(l);
        }
    }

    private OrderDraft.Line readLine(String currency, JsonFields line) {
        Long productId = line.id("productId");
        String sku = line.text("sku", 64);
        Integer quantity = line.integer("quantity");
        if (quantity == null && !line.has("quantity")) line.error("quantity", "required");
        else if (quantity != null && quantity < 1) {
            line.error("quantity", quantity < 0 ? "must not be negative" : "must be at least 1");
        }
        BigDecimal unitPrice = Money.read(line.node("unitPrice"), "unitPrice", line);
        Optional<Product> product = Optional.empty();
        if (productId != null) {
            product = catalog.find(productId);
            if (product.isEmpty()) line.error("productId", "no product " + productId);
            else if (sku != null && !sku.equals(product.get().sku())) {
                line.error("sku", "product " + productId + " has the SKU '" + product.get().sku() + "', not '" + sku + "'");
            }
        } else if (sku != null) {
            product = catalog.findBySku(sku);
            if (product.isEmpty()) line.error("sku", "no product with the SKU '" + sku + "'");
        } else if (line.errors().stream().noneMatch(e -> e.field().equals("productId") || e.field().equals("sku"))) {
            line.error("productId", "required: productId or sku");
        }
        if (product.isPresent() && unitPrice == null && (line.node("unitPrice") == null || line.node("unitPrice").isNull())) {
            if (currency != null) {
                unitPrice = product.get().prices().get(currency);
                if (unitPrice == null) {
                    line.error("unitPrice", "product " + product.get().sku() + " (" + product.get().name() + ") has no price in "
                            + currency + "; give a unitPrice");
                }
            }
        }
        if (!line.errors().isEmpty() || product.isEmpty() || quantity == null || unitPrice == null) return null;
        return new OrderDraft.Line(product.get().id(), product.get().sku(), product.get().name(), quantity, unitPrice);
    }

    private static ApiProblem duplicate(String number) {
        return Problems.conflict("An order with the number '" + number + "' already exists");
    }

    static Map<String, Object> snapshot(Order o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("number", o.number());
        s.put("contactId", o.contactId());
        s.put("accountId", o.accountId());
        s.put("orderedAt", o.orderedAt().toString());
        s.put("status", o.status());
        s.put("channel", o.channel());
        s.put("currency", o.currency());
        s.put("total", o.total().toPlainString());
        s.put("lines", o.lines().size());
        return s;
    }
}
