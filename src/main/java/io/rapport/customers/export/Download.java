package io.rapport.customers.export;

import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.RowStream;
import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * Streams an export into the HTTP response as a file download and writes its audit entry. Written straight to the
 * servlet response on the request's (virtual) thread: no async timeout can cut a long export short.
 */
@Component
public class Download {

    public static final String CSV = "text/csv;charset=UTF-8;header=present";
    public static final String VCARD = "text/vcard;charset=UTF-8";

    /** Writes rows in a file format and returns how many it wrote. */
    @FunctionalInterface
    public interface Format<T> {
        long write(RowStream<T> rows, OutputStream out);
    }

    private static final Logger log = LoggerFactory.getLogger(Download.class);

    private final ExportAudit audit;

    Download(ExportAudit audit) {
        this.audit = audit;
    }

    /** A list view as the CSV file {@code <name>-<date>.csv}: these columns, every row, the filter in the audit entry. */
    public <T> void csv(HttpServletResponse response, CurrentUser user, String entityType, String name,
                        MultiValueMap<String, String> filterParams, List<Column<T>> columns, RowStream<T> rows)
            throws IOException {
        var request = new ExportAudit.Request(entityType, "CSV", ExportAudit.filterOf(filterParams),
                columns.stream().map(Column::key).toList());
        send(response, user, request, name, "csv", CSV, rows, (r, out) -> CsvExport.write(columns, r, out));
    }

    /**
     * Sends the rows as the file {@code <name>-<date>.<extension>}. A client that goes away mid-download ends the
     * export quietly; the audit entry then says how far it got.
     */
    public <T> void send(HttpServletResponse response, CurrentUser user, ExportAudit.Request request, String name,
                         String extension, String contentType, RowStream<T> rows, Format<T> format) throws IOException {
        response.setContentType(contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name + "-" + LocalDate.now() + "." + extension).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        long[] sent = {0};
        RowStream<T> counted = each -> rows.forEach(row -> {
            each.accept(row);
            sent[0]++;
        });
        boolean complete = false;
        try {
            format.write(counted, response.getOutputStream());
            response.flushBuffer();
            complete = true;
        } catch (UncheckedIOException | IOException e) {
            log.info("Export of {} as {} broke off after {} rows: {}", request.entityType(), request.format(), sent[0],
                    e.getMessage());
        } finally {
            audit.record(user, request, sent[0], complete);
        }
    }
}
