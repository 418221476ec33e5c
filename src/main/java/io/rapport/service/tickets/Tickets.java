package io.rapport.service.tickets;

import io.rapport.customers.contacts.Contact;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.rapport.service.InboundMessage;
import io.rapport.service.NewTicket;
import io.rapport.service.TicketEvents;
import io.rapport.service.TicketIntake;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tickets: creation through {@link TicketIntake}, scoped reads, field changes with optimistic versions, status
 * changes with history, the conversation (agent replies and notes), merge, split and links. Publishes
 * {@link TicketEvents.StatusChanged}, {@link TicketEvents.AgentReplied} and {@link TicketEvents.TicketUpdated}.
 */
@Service
public class Tickets {

    static final Set<String> CREATE_FIELDS = Set.of("subject", "body", "bodyHtml", "channel", "requesterId", "requesterEmail",
            "requesterName", "accountId", "priority", "type", "teamId", "assigneeId", "tags", "custom", "language", "attachments");
    static final Set<String> UPDATE_FIELDS = Set.of("subject", "status", "priority", "type", "assigneeId", "teamId", "tags",
            "custom", "language", "version",
            // read-only fields a client may echo back from a GET; ignored
            "id", "number", "channel", "requesterId", "requesterName", "requesterEmail", "accountId", "accountName",
            "assigneeName", "teamName", "sentiment", "flagged", "mergedIntoId", "reopenCount", "firstResponseAt",
            "lastCustomerMessageAt", "lastAgentReplyAt", "solvedAt", "closedAt", "createdAt", "updatedAt");

    private final TicketRepository tickets;
    private final TicketIntake intake;
    private final Contacts contacts;
    private final UserDirectory users;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Attachments attachments;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final io.rapport.service.assignment.TicketRouting routing;
    private final TicketCustomFields customFields;

    Tickets(TicketCustomFields customFields, io.rapport.service.assignment.TicketRouting routing, org.springframework.transaction.support.TransactionTemplate tx, TicketRepository tickets, TicketIntake intake, Contacts contacts, UserDirectory users, AuditLog audit,
            ApplicationEventPublisher events, JdbcClient jdbc, JsonMapper json, Attachments attachments) {
        this.tickets = tickets;
        this.intake = intake;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
        this.attachments = attachments;
        this.tx = tx;
        this.routing = routing;
        this.customFields = customFields;
    }

    public Ticket get(CurrentUser user, long id) {
        TicketVisibility.requireReader(user);
        return tickets.find(user, id).orElseThrow(() -> Problems.notFound("Ticket", id));
    }

    public PageResult<Ticket> list(CurrentUser user, TicketQuery q) {
        TicketVisibility.requireReader(user);
        List<Ticket> rows = tickets.page(q);
        boolean more = rows.size() > q.limit();
        List<Ticket> items = more ? rows.subList(0, q.limit()) : rows;
        return new PageResult<>(List.copyOf(items), more ? q.cursorAfter(items.getLast()) : null);
    }

    public long count(CurrentUser user, TicketQuery q) {
        TicketVisibility.requireReader(user);
        return tickets.count(q);
    }

    /** Contacts the user can see whose name or e-mail contains {@code q}, for the requester picker. */
    public List<TicketPageController.Match> findContacts(CurrentUser user, String q) {
        String like = "%" + q.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return io.rapport.platform.security.RecordVisibility.bind(jdbc.sql("""
                        select c.id, trim(c.first_name || ' ' || c.last_name) as name, c.emails[1] as email from contacts c
                         where (lower(c.first_name || ' ' || c.last_name) like :q
                                or exists (select 1 from unnest(c.emails) e where lower(e) like :q))
                           and """ + io.rapport.platform.security.RecordVisibility.condition(user, "c") + " order by c.last_name, c.id limit 10"), user)
                .param("q", like).query((rs, n) -> new TicketPageController.Match(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The id of a visible ticket with this number, or null. */
    public Long idOfNumber(CurrentUser user, String number) {
        if (number == null || !number.matches("\\d{1,18}")) return null;
        return TicketVisibility.bind(jdbc.sql("select t.id from tickets t where t.number = :n and " + TicketVisibility.condition(user, "t")), user)
                .param("n", Long.parseLong(number)).query(Long.class).optional().orElse(null);
    }

    public List<TicketMessage> messages(CurrentUser user, long id) {
        get(user, id);
        return tickets.messages(id, true);
    }

    public List<Ticket> linked(CurrentUser user, long id) {
        get(user, id);
        return tickets.linked(user, id);
    }

    public TicketRepository.StoredFile attachment(CurrentUser user, long ticketId, long attachmentId) {
        get(user, ticketId);
        return tickets.attachment(attachmentId).filter(f -> f.ticketId() == ticketId)
                .orElseThrow(() -> Problems.notFound("Attachment", attachmentId));
    }

    /**
     * Opens a ticket for a requester given by contact id, or by e-mail (a visible contact with it, else a new one).
     * {@code channel} defaults to API; PHONE makes the signed-in agent the author of the logged call.
     */
    public Ticket create(CurrentUser user, JsonNode body, List<InboundMessage.Attachment> files) {
        // routing runs as the creating transaction commits; read the ticket back after it, as routed
        long id = tx.execute(s -> open(user, body, files));
        return tickets.findAny(id).orElseThrow();
    }

    private long open(CurrentUser user, JsonNode body, List<InboundMessage.Attachment> files) {
        TicketVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, CREATE_FIELDS);
        String subject = in.text("subject", 300);
        if (subject == null && !in.has("subject")) in.error("subject", "required");
        else if (subject == null && in.errors().stream().noneMatch(e -> e.field().equals("subject"))) in.error("subject", "must not be blank");
        String text = in.text("body", 200_000);
        if (text == null && in.errors().stream().noneMatch(e -> e.field().equals("body"))) in.error("body", "required: what the customer asked");
        String channel = in.has("channel") ? in.oneOf("channel", List.of("API", "PHONE", "WEB", "PORTAL", "CHAT", "SOCIAL")) : "API";
        String priority = in.oneOf("priority", Ticket.PRIORITIES);
        String type = in.oneOf("type", Ticket.TYPES);
        List<String> tags = normaliseTags(in.strings("tags", 50, 100));
        JsonNode custom = customFields.apply(null, in);
        String language = in.text("language", 35);
        Long accountId = in.id("accountId");
        Long teamId = in.id("teamId");
        Long assigneeId = in.id("assigneeId");
        checkTeam(teamId, in);
        Long assigneeTeam = checkAssignee(user, assigneeId, in);
        if (teamId == null) teamId = assigneeTeam;
        if (accountId != null && jdbc.sql("select count(*) from accounts where id = :id").param("id", accountId)
                .query(Long.class).single() == 0) in.error("accountId", "no account " + accountId);
        List<InboundMessage.Attachment> all = new ArrayList<>(files);
        all.addAll(attachments.fromJson(in));
        Long requesterId = requester(user, in);
        in.throwIfInvalid();
        boolean phone = "PHONE".equals(channel);
        InboundMessage first = new InboundMessage(text, null, requesterId, phone ? user.id() : null, null, null, all);
        NewTicket ticket = new NewTicket(subject, NewTicket.Channel.valueOf(channel), requesterId, accountId, priority,
                type, teamId, assigneeId, tags, first);
        long id = routing.holding(() -> intake.open(ticket));
        if (custom != null || language != null) {
            jdbc.sql("update tickets set custom = coalesce(cast(:custom as jsonb), custom), language = coalesce(:lang, language) where id = :id")
                    .param("custom", custom == null ? null : custom.toString()).param("lang", language).param("id", id).update();
        }
        routing.route(id);  // with the language written, so language rules see it
        Ticket created = tickets.findAny(id).orElseThrow();
        audit.record("CREATE", "TICKET", id, "Opened ticket #" + created.number() + " " + created.subject(),
                FieldChange.of(created.snapshot(), true));
        return id;
    }

    @Transactional
    public Ticket update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        TicketVisibility.requireWriter(user);
        Ticket current = get(user, id);
        JsonFields in = new JsonFields(body, UPDATE_FIELDS);
        Integer version = in.integer("version");
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, version);
        String subject = in.has("subject") ? in.text("subject", 300) : current.subject();
        if (in.has("subject") && subject == null && in.errors().stream().noneMatch(e -> e.field().equals("subject"))) {
            in.error("subject", "must not be blank");
        }
        String status = in.has("status") ? in.oneOf("status", Ticket.STATUSES) : current.status();
        if (in.has("status") && status == null && in.errors().stream().noneMatch(e -> e.field().equals("status"))) in.error("status", "required");
        String priority = in.has("priority") ? in.oneOf("priority", Ticket.PRIORITIES) : current.priority();
        if (in.has("priority") && priority == null && in.errors().stream().noneMatch(e -> e.field().equals("priority"))) in.error("priority", "required");
        String type = in.has("type") ? in.oneOf("type", Ticket.TYPES) : current.type();
        if (in.has("type") && type == null && in.errors().stream().noneMatch(e -> e.field().equals("type"))) in.error("type", "required");
        Long assigneeId = in.has("assigneeId") ? in.id("assigneeId") : current.assigneeId();
        Long teamId = in.has("teamId") ? in.id("teamId") : current.teamId();
        if (in.has("assigneeId") && !Objects.equals(assigneeId, current.assigneeId())) {
            Long assigneeTeam = checkAssignee(user, assigneeId, in);
            if (!in.has("teamId") && assigneeTeam != null) teamId = assigneeTeam;
        }
        if (in.has("teamId")) checkTeam(teamId, in);
        List<String> tags = in.has("tags") ? normaliseTags(in.strings("tags", 50, 100)) : current.tags();
        JsonNode custom = in.has("custom") ? customFields.apply(current.custom(), in) : current.custom();
        if (custom == null) custom = json.createObjectNode();
        String language = in.has("language") ? in.text("language", 35) : current.language();
        if (current.mergedIntoId() != null && in.has("status") && !"CLOSED".equals(status)) {
            in.error("status", "ticket was merged into ticket " + current.mergedIntoId() + " and stays closed");
        }
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        in.throwIfInvalid();
        expected.requireMatches("Ticket", id, current.version());
        int n = jdbc.sql("""
                        update tickets set subject = :subject, priority = :priority, type = :type, assignee_id = :assignee,
                               team_id = :team, tags = :tags, custom = cast(:custom as jsonb), language = :language,
                               version = version + 1, updated_at = now()
                         where id = :id and version = :version""")
                .param("subject", subject).param("priority", priority).param("type", type).param("assignee", assigneeId)
                .param("team", teamId).param("tags", tags.toArray(String[]::new)).param("custom", custom.toString())
                .param("language", language).param("id", id).param("version", current.version()).update();
        if (n == 0) throw expected.lostRace("Ticket", id, current.version());
        boolean fieldsChanged = !Objects.equals(priority, current.priority()) || !Objects.equals(type, current.type())
                || !Objects.equals(assigneeId, current.assigneeId()) || !Objects.equals(teamId, current.teamId())
                || !Objects.equals(tags, current.tags()) || !Objects.equals(subject, current.subject())
                || !Objects.equals(custom, current.custom()) || !Objects.equals(language, current.language());
        if (!status.equals(current.status())) changeStatus(id, current.status(), status, user.id());
        Ticket updated = tickets.findAny(id).orElseThrow();
        Map<String, FieldChange> changes = FieldChange.between(current.snapshot(), updated.snapshot());
        if (!changes.isEmpty()) audit.record("UPDATE", "TICKET", id, "Updated ticket #" + updated.number(), changes);
        if (fieldsChanged) events.publishEvent(new TicketEvents.TicketUpdated(id, user.id()));
        return updated;
    }

    /**
     * Records a status change made elsewhere in this service (the row's status is set here): history, solved/closed
     * times, reopen count, event. The caller has bumped the version or does so here.
     */
    void changeStatus(long id, String from, String to, Long by) {
        boolean reopened = ("SOLVED".equals(from) || "CLOSED".equals(from)) && Ticket.OPEN_STATUSES.contains(to);
        jdbc.sql("""
                        update tickets set status = :to,
                               solved_at = case when :to = 'SOLVED' then now() when :to = 'CLOSED' then coalesce(solved_at, now())
                                                when :reopened then null else solved_at end,
                               closed_at = case when :to = 'CLOSED' then now() when :reopened then null else closed_at end,
                               reopen_count = reopen_count + case when :reopened then 1 else 0 end, updated_at = now()
                         where id = :id""")
                .param("to", to).param("reopened", reopened).param("id", id).update();
        jdbc.sql("insert into ticket_status_history (ticket_id, from_status, to_status, changed_by) values (:id, :from, :to, :by)")
                .param("id", id).param("from", from).param("to", to).param("by", by).update();
        events.publishEvent(new TicketEvents.StatusChanged(id, from, to, by));
    }

    /**
     * An agent's public reply or internal note; or (direction INBOUND) a customer's message an integration hands over.
     * A public reply sets first_response_at once and last_agent_reply_at, and moves a NEW ticket to OPEN; an optional
     * {@code status} applies after the message ("reply and set pending").
     */
    @Transactional
    public TicketMessage addMessage(CurrentUser user, long id, JsonNode body, List<InboundMessage.Attachment> files) {
        TicketVisibility.requireWriter(user);
        Ticket ticket = get(user, id);
        JsonFields in = new JsonFields(body, Set.of("kind", "body", "direction", "status", "attachments"));
        String kind = in.has("kind") ? in.oneOf("kind", List.of("PUBLIC", "NOTE")) : "PUBLIC";
        String direction = in.has("direction") ? in.oneOf("direction", List.of("INBOUND", "OUTBOUND")) : "OUTBOUND";
        String text = in.text("body", 200_000);
        String status = in.oneOf("status", Ticket.STATUSES);
        List<InboundMessage.Attachment> all = new ArrayList<>(files);
        all.addAll(attachments.fromJson(in));
        if (text == null && all.isEmpty() && in.errors().stream().noneMatch(e -> e.field().equals("body"))) {
            in.error("body", "required: the reply's text (or at least one attachment)");
        }
        if ("NOTE".equals(kind) && "INBOUND".equals(direction)) in.error("kind", "a customer message cannot be an internal note");
        in.throwIfInvalid();
        if (ticket.mergedIntoId() != null) {
            throw Problems.conflict("Ticket " + id + " was merged into ticket " + ticket.mergedIntoId() + "; reply there");
        }
        if ("CLOSED".equals(ticket.status()) && "PUBLIC".equals(kind)) {
            throw Problems.conflict("Ticket " + id + " is closed; open a follow-up ticket instead");
        }
        long messageId;
        if ("INBOUND".equals(direction)) {
            messageId = intake.addCustomerMessage(id, NewTicket.Channel.valueOf(ticket.channel()),
                    new InboundMessage(text == null ? "" : text, null, ticket.requesterId(), user.id(), null, null, all));
        } else {
            messageId = jdbc.sql("""
                            insert into ticket_messages (ticket_id, kind, direction, channel, author_user_id, body_text)
                            values (:t, :kind, 'OUTBOUND', :channel, :user, :text) returning id""")
                    .param("t", id).param("kind", kind).param("channel", ticket.channel()).param("user", user.id())
                    .param("text", text == null ? "" : text).query(Long.class).single();
            attachments.store(messageId, all);
            if ("PUBLIC".equals(kind)) {
                jdbc.sql("""
                        update tickets set first_response_at = coalesce(first_response_at, now()), last_agent_reply_at = now(),
                               updated_at = now(), version = version + 1 where id = :id""").param("id", id).update();
                events.publishEvent(new TicketEvents.AgentReplied(id, messageId, user.id()));
                if ("NEW".equals(ticket.status()) && status == null) status = "OPEN";
            } else {
                jdbc.sql("update tickets set updated_at = now(), version = version + 1 where id = :id").param("id", id).update();
            }
        }
        if (status != null && !status.equals(ticket.status())) {
            jdbc.sql("update tickets set version = version + 1 where id = :id").param("id", id).update();
            changeStatus(id, ticket.status(), status, user.id());
        }
        audit.record("NOTE".equals(kind) ? "NOTE" : "REPLY", "TICKET", id,
                ("NOTE".equals(kind) ? "Internal note on" : "INBOUND".equals(direction) ? "Customer message on" : "Reply on")
                        + " ticket #" + ticket.number(), Map.of());
        return tickets.messages(id, true).stream().filter(m -> m.id() == messageId).findFirst().orElseThrow();
    }

    /** Moves every message of this ticket to {@code intoId}, closes this one and marks it merged; both audited. */
    @Transactional
    public Ticket merge(CurrentUser user, long id, JsonNode body) {
        TicketVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, Set.of("intoTicketId"));
        Long intoId = in.id("intoTicketId");
        if (intoId == null && in.errors().isEmpty()) in.error("intoTicketId", "required");
        if (intoId != null && intoId == id) in.error("intoTicketId", "a ticket cannot be merged into itself");
        in.throwIfInvalid();
        Ticket source = get(user, id);
        Ticket target = tickets.find(user, intoId).orElseThrow(() -> Problems.invalid("intoTicketId", "no ticket " + intoId));
        if (source.mergedIntoId() != null) throw Problems.conflict("Ticket " + id + " was already merged into ticket " + source.mergedIntoId());
        if (target.mergedIntoId() != null) {
            throw Problems.invalid("intoTicketId", "ticket " + intoId + " was itself merged into ticket " + target.mergedIntoId());
        }
        if ("CLOSED".equals(target.status())) throw Problems.invalid("intoTicketId", "ticket " + intoId + " is closed");
        int moved = jdbc.sql("update ticket_messages set ticket_id = :target where ticket_id = :source")
                .param("target", intoId).param("source", id).update();
        jdbc.sql("update tickets set merged_into_id = :target, version = version + 1, updated_at = now() where id = :id")
                .param("target", intoId).param("id", id).update();
        jdbc.sql("""
                update tickets set tags = array(select distinct x from unnest(tags || cast(:tags as text[])) x order by x),
                       last_customer_message_at = greatest(last_customer_message_at, cast(:lastCustomer as timestamptz)),
                       version = version + 1, updated_at = now() where id = :id""")
                .param("tags", source.tags().toArray(String[]::new))
                .param("lastCustomer", source.lastCustomerMessageAt() == null ? null : source.lastCustomerMessageAt().toString())
                .param("id", intoId).update();
        if (!"CLOSED".equals(source.status())) changeStatus(id, source.status(), "CLOSED", user.id());
        audit.record("MERGE", "TICKET", id, "Merged ticket #" + source.number() + " into #" + target.number() + " (" + moved
                + " messages moved)", Map.of("mergedIntoId", new FieldChange(null, intoId)));
        audit.record("MERGE", "TICKET", intoId, "Ticket #" + source.number() + " merged into #" + target.number() + " (" + moved
                + " messages moved)", Map.of("mergedFromId", new FieldChange(null, id)));
        events.publishEvent(new TicketEvents.TicketUpdated(intoId, user.id()));
        return tickets.findAny(intoId).orElseThrow();
    }

    /** A customer's message becomes a new ticket (same requester, account, team); it leaves this conversation. */
    @Transactional
    public Ticket split(CurrentUser user, long id, JsonNode body) {
        TicketVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, Set.of("messageId", "subject"));
        Long messageId = in.id("messageId");
        if (messageId == null && in.errors().isEmpty()) in.error("messageId", "required");
        String subject = in.text("subject", 300);
        in.throwIfInvalid();
        Ticket source = get(user, id);
        List<TicketMessage> conversation = tickets.messages(id, true);
        TicketMessage message = conversation.stream().filter(m -> m.id() == messageId).findFirst()
                .orElseThrow(() -> Problems.invalid("messageId", "message " + messageId + " is not on ticket " + id));
        if (!message.inbound()) throw Problems.invalid("messageId", "only a customer's message can become a ticket");
        if (conversation.stream().filter(TicketMessage::inbound).count() < 2) {
            throw Problems.invalid("messageId", "the ticket's only customer message cannot be split off");
        }
        List<InboundMessage.Attachment> files = jdbc.sql("select filename, content_type, content from ticket_attachments where message_id = :m order by id")
                .param("m", messageId).query((rs, n) -> new InboundMessage.Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
        String newSubject = subject != null ? subject : abbreviate("Split from #" + source.number() + ": " + source.subject(), 300);
        long newId = intake.open(new NewTicket(newSubject, NewTicket.Channel.valueOf(message.channel()), source.requesterId(),
                source.accountId(), source.priority(), source.type(), source.teamId(), source.assigneeId(), source.tags(),
                new InboundMessage(message.bodyText(), message.bodyHtml(), message.authorContactId(), message.authorUserId(),
                        null, null, files)));
        jdbc.sql("update ticket_messages set created_at = :at where ticket_id = :t")
                .param("at", java.sql.Timestamp.from(message.createdAt())).param("t", newId).update();
        jdbc.sql("delete from ticket_messages where id = :m").param("m", messageId).update();
        jdbc.sql("update tickets set version = version + 1, updated_at = now() where id = :id").param("id", id).update();
        link(id, newId);
        Ticket created = tickets.findAny(newId).orElseThrow();
        audit.record("SPLIT", "TICKET", id, "Split a message of ticket #" + source.number() + " into #" + created.number(),
                Map.of("splitInto", new FieldChange(null, newId)));
        audit.record("CREATE", "TICKET", newId, "Opened ticket #" + created.number() + " split from #" + source.number(),
                FieldChange.of(created.snapshot(), true));
        return created;
    }

    @Transactional
    public List<Ticket> addLink(CurrentUser user, long id, JsonNode body) {
        TicketVisibility.requireWriter(user);
        JsonFields in = new JsonFields(body, Set.of("relatedId"));
        Long relatedId = in.id("relatedId");
        if (relatedId == null && in.errors().isEmpty()) in.error("relatedId", "required");
        if (relatedId != null && relatedId == id) in.error("relatedId", "a ticket cannot be linked to itself");
        in.throwIfInvalid();
        Ticket ticket = get(user, id);
        Ticket related = tickets.find(user, relatedId).orElseThrow(() -> Problems.invalid("relatedId", "no ticket " + relatedId));
        link(id, relatedId);
        audit.record("LINK", "TICKET", id, "Linked ticket #" + ticket.number() + " with #" + related.number(),
                Map.of("linked", new FieldChange(null, relatedId)));
        return tickets.linked(user, id);
    }

    @Transactional
    public void removeLink(CurrentUser user, long id, long relatedId) {
        TicketVisibility.requireWriter(user);
        Ticket ticket = get(user, id);
        int n = jdbc.sql("delete from ticket_links where (ticket_id = :a and related_id = :b) or (ticket_id = :b and related_id = :a)")
                .param("a", id).param("b", relatedId).update();
        if (n == 0) throw Problems.notFound("Link from ticket " + id + " to ticket", relatedId);
        audit.record("UNLINK", "TICKET", id, "Unlinked ticket #" + ticket.number() + " from " + relatedId,
                Map.of("linked", new FieldChange(relatedId, null)));
    }

    /**
     * One change to many tickets (assign, status, priority, add tag). A ticket given with the version the agent loaded
     * that has changed since is not touched and comes back as a conflict; the others are changed. A ticket the user may
     * not see or an invalid value fails the whole batch (nothing changes). Returns how many changed and the conflicts.
     */
    @Transactional
    public BulkResult bulk(CurrentUser user, Map<Long, Integer> items, String action, String value) {
        TicketVisibility.requireWriter(user);
        if (items.isEmpty()) throw Problems.invalid("ids", "choose at least one ticket");
        if (items.size() > 500) throw Problems.invalid("ids", "at most 500 tickets at once");
        String field = switch (action == null ? "" : action) {
            case "assign" -> "assigneeId";
            case "status" -> "status";
            case "priority" -> "priority";
            case "tag" -> "tags";
            default -> throw Problems.invalid("action", "one of assign, status, priority, tag");
        };
        if (value == null || value.isBlank()) throw Problems.invalid("value", "choose a value for " + action);
        int changed = 0;
        List<String> failed = new ArrayList<>();
        List<BulkConflict> conflicts = new ArrayList<>();
        for (Map.Entry<Long, Integer> item : items.entrySet()) {
            long id = item.getKey();
            Ticket t = tickets.find(user, id).orElse(null);
            if (t == null) {
                failed.add("#" + id + ": not found");
                continue;
            }
            if (item.getValue() != null && item.getValue() != t.version()) {
                conflicts.add(new BulkConflict(id, t.number(), item.getValue(), t.version()));
                continue;
            }
            var node = json.createObjectNode();
            node.put("version", t.version());
            switch (field) {
                case "assigneeId" -> {
                    if (value.equals("none")) node.putNull("assigneeId");
                    else if (value.matches("\\d{1,18}")) node.put("assigneeId", Long.parseLong(value));
                    else throw Problems.invalid("value", "a user id or none");
                }
                case "tags" -> {
                    var arr = node.putArray("tags");
                    t.tags().forEach(arr::add);
                    arr.add(value);
                }
                default -> node.put(field, value);
            }
            update(user, id, node, null);
            changed++;
        }
        if (!failed.isEmpty()) throw Problems.invalid("ids", String.join("; ", failed));
        return new BulkResult(changed, List.copyOf(conflicts));
    }

    /** A ticket left alone by a bulk change: it is at {@code actual}, the agent had loaded {@code expected}. */
    public record BulkConflict(long id, long number, int expected, int actual) {}

    public record BulkResult(int changed, List<BulkConflict> conflicts) {}

    private void link(long a, long b) {
        jdbc.sql("insert into ticket_links (ticket_id, related_id) values (:a, :b), (:b, :a) on conflict do nothing")
                .param("a", a).param("b", b).update();
    }

    /** The requester: a visible contact by id, else a visible contact with the e-mail, else a new contact. */
    private Long requester(CurrentUser user, JsonFields in) {
        Long contactId = in.id("requesterId");
        String email = in.text("requesterEmail", 254);
        String name = in.text("requesterName", 200);
        if (contactId != null) {
            try {
                contacts.get(user, contactId);
                return contactId;
            } catch (ApiProblem notVisible) {
                in.error("requesterId", "no contact " + contactId);
                return null;
            }
        }
        if (email == null) {
            if (in.errors().stream().noneMatch(e -> e.field().startsWith("requester"))) {
                in.error("requesterId", "required: give requesterId or requesterEmail");
            }
            return null;
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            in.error("requesterEmail", "not an e-mail address");
            return null;
        }
        var match = contacts.findByEmail(user, email);
        if (match.isPresent()) return match.get().id();
        if (!in.errors().isEmpty()) return null;  // don't create a contact for a request that fails anyway
        var node = json.createObjectNode();
        String[] parts = name == null ? new String[] {"", email.substring(0, email.indexOf('@'))} : splitName(name);
        node.put("firstName", parts[0]);
        node.put("lastName", parts[1]);
        node.putArray("emails").add(email);
        node.put("source", "ticket");
        try {
            Contact created = contacts.create(user, node);
            return created.id();
        } catch (ApiProblem problem) {
            in.error("requesterEmail", "could not create a contact: " + problem.getMessage());
            return null;
        }
    }

    static String[] splitName(String name) {
        int space = name.lastIndexOf(' ');
        return space < 0 ? new String[] {"", name} : new String[] {name.substring(0, space).trim(), name.substring(space + 1)};
    }

    private void checkTeam(Long teamId, JsonFields in) {
        if (teamId != null && jdbc.sql("select count(*) from teams where id = :id").param("id", teamId).query(Long.class).single() == 0) {
            in.error("teamId", "no team " + teamId);
        }
    }

    /** An active assignee; AGENT and SALES hand tickets only to themselves or a team-mate. Returns the assignee's team. */
    private Long checkAssignee(CurrentUser writer, Long assigneeId, JsonFields in) {
        if (assigneeId == null) return null;
        UserAccount a = users.find(assigneeId).filter(UserAccount::active).orElse(null);
        if (a == null) {
            in.error("assigneeId", "no active user " + assigneeId);
            return null;
        }
        if (a.role() == io.rapport.platform.security.Role.MARKETING || a.role() == io.rapport.platform.security.Role.READ_ONLY) {
            in.error("assigneeId", "user " + assigneeId + " has role " + a.role() + " and cannot work tickets");
            return null;
        }
        if (writer.role().seesOnlyOwnBook() && a.id() != writer.id()
                && (writer.teamId() == null || !Objects.equals(a.teamId(), writer.teamId()))) {
            in.error("assigneeId", "you can assign tickets only to yourself or your team");
            return null;
        }
        return a.teamId();
    }

    static List<String> normaliseTags(List<String> tags) {
        return List.copyOf(new LinkedHashSet<>(tags.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList()));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
