package io.rapport.activities.tasks;

import io.rapport.customers.export.Download;
import io.rapport.customers.listing.Cell;
import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.RowStream;
import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasks as a CSV file, with the list's filters: every matching task the user may see, read page by page through the
 * same query as the list (so visibility is the list's), written as it is read.
 */
@Tag(name = "Tasks")
@RestController
class TaskExportController {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int PAGE = 500;

    static final List<Column<Task>> COLUMNS = List.of(
            new Column<>("title", "Title", null, t -> Cell.text(t.title())),
            new Column<>("dueAt", "Due (UTC)", null, t -> Cell.text(minute(t.dueAt()))),
            new Column<>("priority", "Priority", null, t -> Cell.text(t.priority())),
            new Column<>("status", "Status", null, t -> Cell.text(t.status())),
            new Column<>("assignee", "Assignee", null, t -> Cell.text(t.assigneeName() == null ? "" : t.assigneeName())),
            new Column<>("contactId", "Contact id", null, t -> Cell.text(t.contactId() == null ? "" : t.contactId())),
            new Column<>("accountId", "Account id", null, t -> Cell.text(t.accountId() == null ? "" : t.accountId())),
            new Column<>("remindAt", "Reminder (UTC)", null, t -> Cell.text(minute(t.remindAt()))),
            new Column<>("notes", "Notes", null, t -> Cell.text(t.notes() == null ? "" : t.notes())),
            new Column<>("createdAt", "Created (UTC)", null, t -> Cell.text(minute(t.createdAt()))),
            new Column<>("completedAt", "Completed (UTC)", null, t -> Cell.text(minute(t.completedAt()))));

    private final Tasks tasks;
    private final Download download;

    TaskExportController(Tasks tasks, Download download) {
        this.tasks = tasks;
        this.download = download;
    }

    @Operation(summary = "Tasks you may see as CSV",
            description = "The list's filters (assignee, status, contact, account, dueBefore), every matching task, no paging.")
    @GetMapping({"/api/v1/tasks/export.csv", "/tasks/export.csv"})
    void csv(@RequestParam(required = false) String assignee, @RequestParam(required = false) String status,
             @RequestParam(required = false) Long contact, @RequestParam(required = false) Long account,
             @RequestParam(required = false) String dueBefore, @RequestParam MultiValueMap<String, String> params,
             HttpServletResponse response) throws IOException {
        CurrentUser me = CurrentUser.require();
        Instant before = TaskApiController.dueBefore(dueBefore);
        // a bad filter is a 400 here, before the file starts
        tasks.list(me, new Tasks.Filter(assignee, status, contact, account, before, null, 1));
        RowStream<Task> rows = each -> {
            long count = 0;
            String cursor = null;
            do {
                var page = tasks.list(me, new Tasks.Filter(assignee, status, contact, account, before, cursor, PAGE));
                page.items().forEach(each);
                count += page.items().size();
                cursor = page.nextCursor();
            } while (cursor != null);
            return count;
        };
        download.csv(response, me, "TASK", "tasks", params, COLUMNS, rows);
    }

    private static String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at);
    }
}
