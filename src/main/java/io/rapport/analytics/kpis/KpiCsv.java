package io.rapport.analytics.kpis;

import io.rapport.platform.web.Problems;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** CSV exports of the dashboard: the tiles, or one KPI's trend chart. */
final class KpiCsv {

    private KpiCsv() {
    }

    static ResponseEntity<byte[]> tiles(KpiDashboard.Result r) {
        StringBuilder out = new StringBuilder("kpi,label,unit,value,previous,change,change_percent,from,to,segment,currency\r\n");
        for (KpiDashboard.Tile t : r.tiles()) {
            out.append(t.key()).append(',').append(quote(t.label())).append(',').append(t.unit()).append(',')
                    .append(n(t.value())).append(',').append(n(t.previous())).append(',').append(n(t.change())).append(',')
                    .append(n(t.changePercent())).append(',').append(r.from()).append(',').append(r.to()).append(',')
                    .append(quote(r.segment() == null ? "" : r.segment().type() + ":" + r.segment().value())).append(',')
                    .append(r.currency() == null ? "" : r.currency()).append("\r\n");
        }
        return file("kpis-" + r.from() + "-" + r.to() + ".csv", out);
    }

    static ResponseEntity<byte[]> chart(KpiDashboard.Result r, String key) {
        KpiDashboard.Tile t = r.tile(key);
        if (t == null) throw Problems.notFound("KPI", key);
        StringBuilder out = new StringBuilder("bucket_start,").append(t.key()).append("\r\n");
        for (Kpi.Point p : t.series()) out.append(p.start()).append(',').append(n(p.value())).append("\r\n");
        return file("kpi-" + t.key() + "-" + r.from() + "-" + r.to() + ".csv", out);
    }

    private static String n(Double v) {
        return v == null ? "" : v.toString();
    }

    private static String quote(String s) {
        // a leading = + - @ would be a formula in a spreadsheet
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static ResponseEntity<byte[]> file(String name, StringBuilder body) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
